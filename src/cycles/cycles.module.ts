import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Cycle } from './entities/cycle.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Cycle])],
})
export class CyclesModule {}
