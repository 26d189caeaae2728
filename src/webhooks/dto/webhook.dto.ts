import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-events';

/** A form's checkboxes post one value as a string and several as an array. */
const toArray = ({ value }: { value: unknown }): unknown[] =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/tandem' })
  @IsString()
  @IsNotEmpty({ message: 'Enter the URL that receives the events.' })
  @MaxLength(2000)
  url: string = '';

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @Transform(toArray)
  @IsArray()
  @ArrayMinSize(1, { message: 'Choose at least one event.' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: 'Choose events from the list.' })
  events: WebhookEventType[] = [];

  @ApiPropertyOptional({ description: 'What the endpoint is for, shown in the list.' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'Keep the description under 200 characters.' })
  description?: string;
}

export class UpdateWebhookDto {
  @ApiProperty({ description: 'false: the endpoint gets nothing until enabled again.' })
  @IsBoolean()
  enabled: boolean;
}
