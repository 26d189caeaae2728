import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryBulkService } from './directory-bulk.service';
import { AccountsApiController } from './accounts-api.controller';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { ContactsApiController } from './contacts-api.controller';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { EmployeesApiController } from './employees-api.controller';
import { EmployeesController } from './employees.controller';
import { EmployeesService } from './employees.service';
import { DirectoryPersonalDataService } from './personal-data.service';
import { Contact } from './entities/contact.entity';
import { CustomerAccount } from './entities/customer-account.entity';
import { DirectoryImport } from './entities/directory-import.entity';
import { Employee } from './entities/employee.entity';
import { EmploymentPeriod } from './entities/employment-period.entity';
import { UnitAssignment } from './entities/unit-assignment.entity';
import { Unit } from './entities/unit.entity';
import { DirectoryImportService } from './import/directory-import.service';
import { ImportRunner } from './import/import-runner.service';
import { ImportsApiController } from './imports-api.controller';
import { ImportsController } from './imports.controller';
import { UnitsApiController } from './units-api.controller';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';
import { EmployeeHistoryService } from './history/employee-history.service';

/** Units, employees, customer accounts and contacts: pages, JSON API and CSV import/export. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Unit,
      Employee,
      EmploymentPeriod,
      UnitAssignment,
      CustomerAccount,
      Contact,
      DirectoryImport,
    ]),
  ],
  controllers: [
    UnitsController,
    EmployeesController,
    AccountsController,
    ContactsController,
    ImportsController,
    UnitsApiController,
    EmployeesApiController,
    AccountsApiController,
    ContactsApiController,
    ImportsApiController,
  ],
  providers: [
    DirectoryBulkService,
    UnitsService,
    EmployeesService,
    EmployeeHistoryService,
    DirectoryPersonalDataService,
    AccountsService,
    ContactsService,
    ImportRunner,
    DirectoryImportService,
  ],
  exports: [
    DirectoryBulkService,
    UnitsService,
    EmployeesService,
    AccountsService,
    ContactsService,
    EmployeeHistoryService,
    DirectoryPersonalDataService,
    ImportRunner,
    DirectoryImportService,
  ],
})
export class DirectoryModule {}
