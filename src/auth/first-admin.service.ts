import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app.config';
import { UsersService } from './users.service';

export interface FirstAdmin {
  email: string;
  password: string;
  /** The password came from ADMIN_PASSWORD, so it is not printed. */
  passwordConfigured: boolean;
}

/**
 * On first start with no users, creates an admin whose one-time password is printed once, as the
 * last thing the start prints (main calls printFirstAdmin after "Tandem is running at ...").
 */
@Injectable()
export class FirstAdminService {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async ensureFirstAdmin(): Promise<FirstAdmin | null> {
    if ((await this.users.countActive()) > 0) return null;
    const admin = this.config.get('admin', { infer: true });
    const email = admin.email ?? 'admin@tandem.localhost';
    const { password } = await this.users.invite(
      { email, name: 'Administrator', role: 'admin' },
      admin.password,
    );
    this.logger.log(`Created first administrator ${email}`);
    return { email, password, passwordConfigured: !!admin.password };
  }

  printFirstAdmin(admin: FirstAdmin): void {
    const shown = admin.passwordConfigured ? '(the ADMIN_PASSWORD you set)' : admin.password;
    // With LOG_FORMAT=json every line is a JSON object, this one too: at warn level, so that
    // like the box it is printed whatever LOG_LEVEL allows (short of errors only).
    if (this.config.get('logFormat', { infer: true }) === 'json') {
      this.logger.warn({
        msg: 'First administrator created. You will be asked to change the password at first sign-in.',
        email: admin.email,
        password: shown,
      });
      return;
    }
    // The one place Tandem writes to the console directly: this must reach whoever started it.
    console.log(
      `\n  First administrator created.\n    email:    ${admin.email}\n    password: ${shown}\n  You will be asked to change the password at first sign-in.\n`,
    );
  }
}
