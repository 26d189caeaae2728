import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app.config';
import { UsersService } from './users.service';

/** On first start with no users, creates an admin whose one-time password is printed once. */
@Injectable()
export class FirstAdminService {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async ensureFirstAdmin(): Promise<{ email: string; password: string } | null> {
    if ((await this.users.countActive()) > 0) return null;
    const admin = this.config.get('admin', { infer: true });
    const email = admin.email ?? 'admin@tandem.localhost';
    const { password } = await this.users.invite(
      { email, name: 'Administrator', role: 'admin' },
      admin.password,
    );
    const shown = admin.password ? '(the ADMIN_PASSWORD you set)' : password;
    // The one place Tandem writes to the console directly: this must reach whoever started it.
    console.log(
      `\n  First administrator created.\n    email:    ${email}\n    password: ${shown}\n  You will be asked to change the password at first sign-in.\n`,
    );
    this.logger.log(`Created first administrator ${email}`);
    return { email, password };
  }
}
