import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, Repository } from 'typeorm';
import { AuthError, AuthErrorCode } from '../auth.errors';
import { User } from '../entities/user.entity';
import { SsoSettingsRow } from './entities/sso-settings.entity';

/**
 * Keeps a way in while single sign-on is the only one: with SSO only on, the last break-glass
 * administrator who can still sign in with a password may not be demoted or disabled.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    @InjectRepository(SsoSettingsRow) private readonly settings: Repository<SsoSettingsRow>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** Throws LAST_BREAK_GLASS when `userId` losing admin access would leave none. */
  async assertCanLoseAdmin(userId: string): Promise<void> {
    const row = await this.settings.findOneBy({ id: 1 });
    if (!row?.enabled || !row.ssoOnly || row.breakGlassEmails.length === 0) return;
    const others = await this.users.count({
      where: {
        email: In(row.breakGlassEmails),
        role: 'admin',
        disabledAt: IsNull(),
        passwordHash: Not(IsNull()),
        id: Not(userId),
      },
    });
    const target = await this.users.findOneBy({ id: userId });
    if (target && row.breakGlassEmails.includes(target.email) && others === 0)
      throw new AuthError(AuthErrorCode.LAST_BREAK_GLASS);
  }
}
