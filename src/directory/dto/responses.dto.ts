import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AccountListItem } from '../accounts.service';
import type { ContactListItem } from '../contacts.service';
import type { EmployeeListItem } from '../employees.service';
import { EXIT_TYPES, ExitType } from '../entities/employee.entity';
import { IMPORT_KINDS, ImportKind } from '../import/import.types';
import type { UnitListItem } from '../units.service';

/** OpenAPI shapes of what the directory API returns. */

export class UnitItemDto implements UnitListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ nullable: true, type: String }) parentName: string | null;
  @ApiProperty({ description: 'Depth below the top of the tree you can see' }) depth: number;
  @ApiProperty({ nullable: true, type: Date }) deactivatedAt: Date | null;
  @ApiProperty({ description: 'Active employees in this unit' }) employees: number;
  @ApiProperty({ description: 'Active employees here and below' }) subtreeEmployees: number;
  @ApiProperty({ description: 'Active customer accounts served here' }) accounts: number;
}

export class EmployeeItemDto implements EmployeeListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) externalId: string | null;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() unitExternalId: string;
  @ApiProperty({ format: 'date' }) hireDate: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) exitDate: string | null;
  @ApiProperty({ enum: EXIT_TYPES, nullable: true }) exitType: ExitType | null;
  @ApiProperty() customerFacing: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'null: the company default language' })
  language: string | null;
  @ApiProperty({ nullable: true, type: Date }) deactivatedAt: Date | null;
  @ApiProperty({ enum: ['active', 'exited', 'inactive'] }) status: 'active' | 'exited' | 'inactive';
}

export class AccountItemDto implements AccountListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() unitExternalId: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) churnDate: string | null;
  @ApiProperty({ nullable: true, type: Date }) deactivatedAt: Date | null;
  @ApiProperty({ description: 'Active contacts' }) contacts: number;
  @ApiProperty({ type: [String] }) relationshipEmployeeEmails: string[];
  @ApiProperty({ enum: ['active', 'churned', 'inactive'] }) status:
    'active' | 'churned' | 'inactive';
}

export class ContactItemDto implements ContactListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountName: string;
  @ApiProperty() accountExternalId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() subscribed: boolean;
  @ApiProperty({ nullable: true, type: Date }) unsubscribedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) deactivatedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'null: the company default language' })
  language: string | null;
  @ApiProperty({ enum: ['active', 'inactive'] }) status: 'active' | 'inactive';
}

class PageDto {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pages: number;
  @ApiProperty() pageSize: number;
}

export class UnitPageDto extends PageDto {
  @ApiProperty({ type: [UnitItemDto] }) items: UnitItemDto[];
}
export class EmployeePageDto extends PageDto {
  @ApiProperty({ type: [EmployeeItemDto] }) items: EmployeeItemDto[];
}
export class AccountPageDto extends PageDto {
  @ApiProperty({ type: [AccountItemDto] }) items: AccountItemDto[];
}
export class ContactPageDto extends PageDto {
  @ApiProperty({ type: [ContactItemDto] }) items: ContactItemDto[];
}

export class RowErrorDto {
  @ApiProperty({ description: 'Line in the file; 1 is the header' }) line: number;
  @ApiProperty({ description: 'CSV column name, or empty for the whole row' }) column: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional() value?: string;
}

class ImportSampleDto {
  @ApiProperty() line: number;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) changes: string[];
}

class ImportSamplesDto {
  @ApiProperty({ type: [ImportSampleDto] }) create: ImportSampleDto[];
  @ApiProperty({ type: [ImportSampleDto] }) update: ImportSampleDto[];
}

export class ImportSummaryDto {
  @ApiProperty({ enum: IMPORT_KINDS }) kind: ImportKind;
  @ApiProperty({ description: 'Data rows in the file' }) rows: number;
  @ApiProperty() toCreate: number;
  @ApiProperty() toUpdate: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: [RowErrorDto] }) errors: RowErrorDto[];
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [String] }) ignoredColumns: string[];
  @ApiProperty({ type: [String] }) notes: string[];
  @ApiProperty({ type: ImportSamplesDto }) samples: ImportSamplesDto;
  @ApiProperty({ description: 'True when the rows were written' }) applied: boolean;
}
