import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ILike, IsNull, Repository } from 'typeorm';
import { Paged, paged, pageParams } from '../common/pagination';
import { AuthError, AuthErrorCode } from './auth.errors';
import { CurrentUser } from './current-user';
import { User } from './entities/user.entity';
import { PasswordService } from './password.service';
import { passwordProblem } from './password-policy';
import { Role } from './roles';
import { SessionsService } from './sessions.service';
import { SignInThrottleService } from './sign-in-throttle.service';

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  unitId?: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottleService,
  ) {}

  /**
   * Checks an email and password. Known and unknown emails take the same path — counted by
   * the per-account throttle, argon2 run once — so neither the answer nor its timing tells
   * whether an account exists.
   */
  async authenticate(email: string, password: string): Promise<User> {
    const normalized = email.trim().toLowerCase();
    await this.throttle.claimAttempt(normalized);
    const user = await this.users.findOne({ where: { email: normalized } });
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok) throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS);
    if (user.disabledAt) throw new AuthError(AuthErrorCode.ACCOUNT_DISABLED);
    await this.throttle.clear(normalized);
    await this.users.update(user.id, { lastLoginAt: new Date() });
    return user;
  }

  /** Loads the signed-in user with the materialized path of a manager's unit. */
  async loadCurrent(userId: string, via: CurrentUser['via']): Promise<CurrentUser | null> {
    const rows: Array<{
      id: string;
      email: string;
      name: string;
      role: Role;
      must_change_password: boolean;
      unit_id: string | null;
      path: string | null;
    }> = await this.users.query(
      `SELECT u.id, u.email, u.name, u.role, u.must_change_password, u.unit_id, un.path
         FROM users u LEFT JOIN units un ON un.id = u.unit_id
        WHERE u.id = $1 AND u.disabled_at IS NULL`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    const scoped = row.role === 'manager';
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      mustChangePassword: row.must_change_password,
      // A manager whose unit was removed sees nothing rather than everything.
      scope: scoped
        ? {
            unitId: row.unit_id ?? '00000000-0000-0000-0000-000000000000',
            path: row.path ?? '/none/',
          }
        : null,
      via,
    };
  }

  async list(search = '', requestedPage: unknown = 1): Promise<Paged<User>> {
    const { page, skip, take } = pageParams(requestedPage);
    const where = search ? [{ email: ILike(`%${search}%`) }, { name: ILike(`%${search}%`) }] : {};
    const [items, total] = await this.users.findAndCount({
      where,
      relations: { unit: true },
      order: { email: 'ASC' },
      skip,
      take,
    });
    return paged(items, total, page, take);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id }, relations: { unit: true } });
  }

  countActive(): Promise<number> {
    return this.users.count({ where: { disabledAt: IsNull() } });
  }

  /** Creates a user with a one-time password they must change at first sign-in. */
  async invite(input: UserInput, password?: string): Promise<{ user: User; password: string }> {
    const email = input.email.trim().toLowerCase();
    await this.assertUnitRule(input.role, input.unitId ?? null);
    if (await this.users.exists({ where: { email } }))
      throw new AuthError(AuthErrorCode.EMAIL_TAKEN);
    const oneTime = password ?? this.passwords.generate();
    const user = await this.users.save(
      this.users.create({
        email,
        name: input.name.trim(),
        role: input.role,
        unitId: input.role === 'manager' ? (input.unitId ?? null) : null,
        passwordHash: await this.passwords.hash(oneTime),
        mustChangePassword: true,
      }),
    );
    return { user, password: oneTime };
  }

  async changeRole(
    actor: CurrentUser,
    id: string,
    role: Role,
    unitId: string | null,
  ): Promise<User> {
    const user = await this.require(id);
    if (user.id === actor.id && role !== user.role)
      throw new AuthError(AuthErrorCode.CANNOT_CHANGE_SELF);
    await this.assertUnitRule(role, unitId);
    const newUnitId = role === 'manager' ? unitId : null;
    const changed = role !== user.role || newUnitId !== user.unitId;
    user.role = role;
    user.unitId = newUnitId;
    const saved = await this.users.save(user);
    // What they may see changed: they sign in again rather than keep a session from before.
    if (changed) await this.sessions.endAll(user.id);
    return saved;
  }

  async setDisabled(actor: CurrentUser, id: string, disabled: boolean): Promise<User> {
    const user = await this.require(id);
    if (user.id === actor.id) throw new AuthError(AuthErrorCode.CANNOT_CHANGE_SELF);
    user.disabledAt = disabled ? new Date() : null;
    await this.users.save(user);
    if (disabled) await this.sessions.endAll(id);
    return user;
  }

  /** An admin signs a user out everywhere; returns how many sessions ended. */
  async endSessions(actor: CurrentUser, id: string): Promise<number> {
    const user = await this.require(id);
    if (user.id === actor.id) throw new AuthError(AuthErrorCode.CANNOT_CHANGE_SELF);
    return this.sessions.endAll(user.id);
  }

  /**
   * Sets a new password that passes the policy and ends the user's other sessions; the one
   * the change was made from (keepSessionId) stays signed in.
   */
  async changePassword(
    userId: string,
    current: string,
    next: string,
    keepSessionId: string,
  ): Promise<void> {
    const user = await this.require(userId);
    if (!(await this.passwords.verify(user.passwordHash, current))) {
      throw new AuthError(AuthErrorCode.WRONG_CURRENT_PASSWORD, { field: 'current' });
    }
    const problem = passwordProblem(next, { current, email: user.email });
    if (problem) throw new AuthError(problem, { field: 'next' });
    await this.users.update(userId, {
      passwordHash: await this.passwords.hash(next),
      mustChangePassword: false,
    });
    await this.sessions.endOthers(userId, keepSessionId);
  }

  /** Units to pick a manager's scope from, indented by depth. */
  async unitChoices(): Promise<Array<{ id: string; label: string }>> {
    const rows: Array<{ id: string; name: string; depth: number }> = await this.users.query(
      `SELECT id, name, array_length(string_to_array(trim(both '/' from path), '/'), 1) - 1 AS depth
         FROM units WHERE deactivated_at IS NULL ORDER BY path LIMIT 5000`,
    );
    return rows.map((r) => ({ id: r.id, label: `${'— '.repeat(r.depth)}${r.name}` }));
  }

  private async require(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND);
    return user;
  }

  private async assertUnitRule(role: Role, unitId: string | null): Promise<void> {
    if (role !== 'manager') return;
    if (!unitId) throw new AuthError(AuthErrorCode.MANAGER_NEEDS_UNIT);
    const found: unknown[] = await this.users.query(`SELECT 1 FROM units WHERE id = $1`, [unitId]);
    if (found.length === 0) throw new AuthError(AuthErrorCode.UNIT_NOT_FOUND);
  }
}
