import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerResponse } from './entities/customer-response.entity';
import { EmployeeResponse } from './entities/employee-response.entity';

@Module({
  imports: [TypeOrmModule.forFeature([EmployeeResponse, CustomerResponse])],
})
export class RespondModule {}
