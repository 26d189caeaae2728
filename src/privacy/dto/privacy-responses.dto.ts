import { ApiProperty } from '@nestjs/swagger';
import { RetentionPolicyDto } from './retention-policy.dto';

export class ErasureSummaryDto {
  @ApiProperty({ enum: ['contact', 'employee'] })
  subject: 'contact' | 'employee';

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['request', 'retention'] })
  reason: 'request' | 'retention';

  @ApiProperty({ description: 'Invitations left without the person (name, address, link)' })
  invitations: number;

  @ApiProperty({ description: 'Survey, unsubscribe and printed-code tokens deleted' })
  links: number;

  @ApiProperty({ description: 'Customer responses unlinked from the contact (scores kept)' })
  responses: number;

  @ApiProperty({ description: 'Responses whose comments became "[erased]"' })
  comments: number;

  @ApiProperty({ description: 'Follow-ups without the contact, comment and personal line' })
  followUps: number;

  @ApiProperty({ description: 'Messages to the person deleted from the development outbox' })
  outboxMessages: number;
}

export class RetentionCountsDto {
  @ApiProperty()
  customerComments: number;

  @ApiProperty()
  contacts: number;

  @ApiProperty()
  employees: number;
}

export class RetentionPolicyResponseDto extends RetentionPolicyDto {
  @ApiProperty()
  updatedAt: Date;

  @ApiProperty({ nullable: true, type: Date })
  lastRunAt: Date | null;

  @ApiProperty({ nullable: true, type: RetentionCountsDto })
  lastRun: RetentionCountsDto | null;
}

class RetentionItemDto {
  @ApiProperty({ format: 'uuid', description: 'The customer response, contact or employee' })
  id: string;

  @ApiProperty()
  label: string;
}

class RetentionGroupDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null: this part is off' })
  months: number | null;

  @ApiProperty({ nullable: true, type: Date, description: 'Older than this is removed' })
  cutoff: Date | null;

  @ApiProperty({ type: [RetentionItemDto] })
  items: RetentionItemDto[];
}

export class RetentionPreviewDto {
  @ApiProperty()
  at: Date;

  @ApiProperty({ type: RetentionGroupDto })
  customerComments: RetentionGroupDto;

  @ApiProperty({ type: RetentionGroupDto })
  contacts: RetentionGroupDto;

  @ApiProperty({ type: RetentionGroupDto })
  employees: RetentionGroupDto;

  @ApiProperty()
  total: number;
}
