import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Contact } from './entities/contact.entity';
import { CustomerAccount } from './entities/customer-account.entity';
import { DirectoryImport } from './entities/directory-import.entity';
import { Employee } from './entities/employee.entity';
import { Unit } from './entities/unit.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Unit, Employee, CustomerAccount, Contact, DirectoryImport])],
})
export class DirectoryModule {}
