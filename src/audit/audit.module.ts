import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminAuditController } from './admin-audit.controller';
import { AuditApiController } from './audit-api.controller';
import { AuditContextInterceptor } from './audit-context.interceptor';
import { AuditService } from './audit.service';
import { AuditEvent } from './entities/audit-event.entity';

/**
 * The audit log (audit_events): who changed what, when and from where. Global, because every
 * module that changes something records it (AuditService.record); the interceptor gives each
 * request's handler its actor; registerDownloadAudit (in the app's setup) records downloads
 * before they leave.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AdminAuditController, AuditApiController],
  providers: [AuditService, { provide: APP_INTERCEPTOR, useClass: AuditContextInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
