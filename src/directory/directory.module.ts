import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsService } from './accounts.service';
import { ContactsService } from './contacts.service';
import { EmployeesService } from './employees.service';
import { Contact } from './entities/contact.entity';
import { CustomerAccount } from './entities/customer-account.entity';
import { DirectoryImport } from './entities/directory-import.entity';
import { Employee } from './entities/employee.entity';
import { Unit } from './entities/unit.entity';
import { DirectoryImportService } from './import/directory-import.service';
import { ImportRunner } from './import/import-runner.service';
import { UnitsService } from './units.service';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, Employee, CustomerAccount, Contact, DirectoryImport])],
  providers: [
    UnitsService,
    EmployeesService,
    AccountsService,
    ContactsService,
    ImportRunner,
    DirectoryImportService,
  ],
  exports: [
    UnitsService,
    EmployeesService,
    AccountsService,
    ContactsService,
    ImportRunner,
    DirectoryImportService,
  ],
})
export class DirectoryModule {}
