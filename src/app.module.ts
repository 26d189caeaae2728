import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app.config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { CyclesModule } from './cycles/cycles.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DemoModule } from './demo/demo.module';
import { DirectoryModule } from './directory/directory.module';
import { FollowThroughModule } from './follow-through/follow-through.module';
import { HealthModule } from './health/health.module';
import { HomeModule } from './home/home.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReportsModule } from './reports/reports.module';
import { RespondModule } from './respond/respond.module';
import { ScimModule } from './scim/scim.module';
import { SettingsModule } from './settings/settings.module';
import { SurveysModule } from './surveys/surveys.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The modular monolith: one Nest module per capability. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule,
        CommonModule,
        MetricsModule,
        SettingsModule,
        AuditModule,
        AuthModule,
        DirectoryModule,
        SurveysModule,
        CyclesModule,
        DeliveryModule,
        RespondModule,
        AnalyticsModule,
        HealthModule,
        HomeModule,
        DemoModule,
        ReportsModule,
        PrivacyModule,
        FollowThroughModule,
        WebhooksModule,
        ScimModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
