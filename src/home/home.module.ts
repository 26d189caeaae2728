import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { CyclesModule } from '../cycles/cycles.module';
import { DemoModule } from '../demo/demo.module';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';

@Module({
  imports: [DemoModule, AnalyticsModule, CyclesModule],
  controllers: [HomeController],
  providers: [HomeService],
})
export class HomeModule {}
