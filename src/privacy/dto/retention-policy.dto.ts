import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';

const months = (what: string) => ({
  type: Number,
  nullable: true,
  minimum: 1,
  maximum: 600,
  example: 24,
  description: `${what} Null: off (kept until erased by hand).`,
});

/** The retention policy's periods, in whole months; null turns a part off. */
export class RetentionPolicyDto {
  @ApiProperty(months('Customer comments are erased this many months after they were given.'))
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(600)
  customerCommentMonths: number | null;

  @ApiProperty(
    months(
      'Contacts are erased this many months after the last contact with them (added, invited, reminded or answered).',
    ),
  )
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(600)
  contactMonths: number | null;

  @ApiProperty(
    months("Departed employees' personal data is erased this many months after their exit."),
  )
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(600)
  departedEmployeeMonths: number | null;
}
