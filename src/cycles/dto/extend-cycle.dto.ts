import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601 } from 'class-validator';
import { toUtc } from './create-cycle.dto';

/** A later closing time for a live cycle. */
export class ExtendCycleDto {
  @ApiProperty({
    example: '2026-05-25T17:00:00Z',
    description:
      'The new closing time: later than now and than the current one. Survey links work until then.',
  })
  @Transform(toUtc)
  @IsISO8601({ strict: true }, { message: 'Enter the new closing time.' })
  closesAt: string = '';
}
