import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitCycleStat } from './entities/unit-cycle-stat.entity';

@Module({
  imports: [TypeOrmModule.forFeature([UnitCycleStat])],
})
export class AnalyticsModule {}
