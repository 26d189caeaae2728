import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { JobsModule } from '../jobs/jobs.module';
import { AdminUsersController } from './admin-users.controller';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { ApiKey } from './entities/api-key.entity';
import { Session } from './entities/session.entity';
import { SessionSecret } from './entities/session-secret.entity';
import { PasswordLink } from './entities/password-link.entity';
import { SignInThrottle } from './entities/sign-in-throttle.entity';
import { User } from './entities/user.entity';
import { FirstAdminService } from './first-admin.service';
import { LoginController } from './login.controller';
import { PasswordLinkMailer } from './password-link-mailer.service';
import { PasswordLinksService } from './password-links.service';
import { PasswordResetController } from './password-reset.controller';
import { PasswordService } from './password.service';
import { SessionsService } from './sessions.service';
import { SignInThrottleService } from './sign-in-throttle.service';
import { UsersService } from './users.service';
import { AdminSsoController } from './sso/admin-sso.controller';
import { BreakGlassService } from './sso/break-glass.service';
import { SsoIdentity } from './sso/entities/sso-identity.entity';
import { SsoSettingsRow } from './sso/entities/sso-settings.entity';
import { SsoClientService } from './sso/sso-client.service';
import { SsoSettingsService } from './sso/sso-settings.service';
import { SsoSignInService } from './sso/sso-sign-in.service';
import { SsoController } from './sso/sso.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      User,
      ApiKey,
      Session,
      SessionSecret,
      SignInThrottle,
      PasswordLink,
      SsoSettingsRow,
      SsoIdentity,
    ]),
    DirectoryModule,
    DeliveryModule,
    JobsModule,
  ],
  controllers: [
    LoginController,
    SsoController,
    AdminSsoController,
    PasswordResetController,
    AdminUsersController,
    ApiKeysController,
  ],
  providers: [
    PasswordService,
    SessionsService,
    SignInThrottleService,
    UsersService,
    ApiKeysService,
    FirstAdminService,
    PasswordLinkMailer,
    PasswordLinksService,
    BreakGlassService,
    SsoClientService,
    SsoSettingsService,
    SsoSignInService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, ApiKeysService, PasswordService, FirstAdminService, PasswordLinksService],
})
export class AuthModule {}
