import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, ILike, In, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Paged, paged, pageParams } from '../common/pagination';
import { treeLabels, UnitsService } from '../directory/units.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { CurrentUser } from './current-user';
import { User } from './entities/user.entity';
import { PasswordService } from './password.service';
import { passwordProblem } from './password-policy';
import { Role } from './roles';
import { SessionsService } from './sessions.service';
import { SignInThrottleService } from './sign-in-throttle.service';
import { BreakGlassService } from './sso/break-glass.service';

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  unitId?: string | null;
}

/** One user as other modules see them. */
export interface UserSummary {
  id: string;
  name: string;
  email: string;
  /** Null: no access yet (let in by single sign-on, waiting for an admin to grant a role). */
  role: Role | null;
  unitId: string | null;
  disabled: boolean;
}

const userTarget = (u: User) => ({ type: 'user', id: u.id, label: u.email });

/** A user's fields as the audit log keeps them (never the password hash). */
const auditedUser = (u: User) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  unitId: u.unitId,
  disabled: u.disabledAt !== null,
});

const toSummary = (u: User): UserSummary => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  unitId: u.unitId,
  disabled: u.disabledAt !== null,
});

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottleService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly breakGlass: BreakGlassService,
  ) {}

  /**
   * Checks an email and password. Known and unknown emails take the same path — counted by
   * the per-account throttle, argon2 run once — so neither the answer nor its timing tells
   * whether an account exists. `onlyFor`: when single sign-on is the only way in, the
   * break-glass administrators' addresses, the only ones a password still signs in.
   */
  async authenticate(
    email: string,
    password: string,
    onlyFor: ReadonlySet<string> | null = null,
  ): Promise<User> {
    const normalized = email.trim().toLowerCase();
    await this.throttle.claimAttempt(normalized);
    const user = await this.users.findOne({ where: { email: normalized } });
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    // With password sign-in kept for break-glass administrators only (`onlyFor`), anyone else
    // gets the same answer whether or not their password was right.
    if (onlyFor && (!onlyFor.has(normalized) || user?.role !== 'admin'))
      throw new AuthError(AuthErrorCode.PASSWORD_SIGN_IN_OFF);
    if (!user || !ok)
      throw new AuthError(
        onlyFor ? AuthErrorCode.PASSWORD_SIGN_IN_OFF : AuthErrorCode.INVALID_CREDENTIALS,
      );
    if (user.disabledAt) throw new AuthError(AuthErrorCode.ACCOUNT_DISABLED);
    await this.throttle.clear(normalized);
    await this.users.update(user.id, { lastLoginAt: new Date() });
    return user;
  }

  /** Loads the signed-in user with the materialized path of a manager's unit. */
  async loadCurrent(userId: string, via: CurrentUser['via']): Promise<CurrentUser | null> {
    const row = await this.users.findOne({ where: { id: userId, disabledAt: IsNull() } });
    // Without a role there is nothing they may see: they are not signed in.
    if (!row?.role) return null;
    const scoped = row.role === 'manager';
    const [unit] = scoped && row.unitId ? await this.units.summariesByIds([row.unitId]) : [];
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      mustChangePassword: row.mustChangePassword,
      // A manager whose unit was removed sees nothing rather than everything.
      scope: scoped
        ? {
            unitId: row.unitId ?? '00000000-0000-0000-0000-000000000000',
            path: unit?.path ?? '/none/',
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

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: email.trim().toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id }, relations: { unit: true } });
  }

  countActive(): Promise<number> {
    return this.users.count({ where: { disabledAt: IsNull() } });
  }

  /** Who the given users are, for other modules' lists and emails. */
  async summariesByIds(ids: readonly string[]): Promise<UserSummary[]> {
    if (ids.length === 0) return [];
    const users = await this.users.find({ where: { id: In([...new Set(ids)]) } });
    return users.map(toSummary);
  }

  /** Managers who can sign in, each with the unit their scope starts at. */
  async activeManagers(): Promise<UserSummary[]> {
    const users = await this.users.find({ where: { role: 'manager', disabledAt: IsNull() } });
    return users.map(toSummary);
  }

  /**
   * Creates a user with a one-time password they must change at first sign-in: the first
   * administrator that `npm start` prints, and the command line's fallback.
   */
  async invite(input: UserInput, password?: string): Promise<{ user: User; password: string }> {
    const oneTime = password ?? this.passwords.generate();
    const user = await this.create(this.users, input, await this.passwords.hash(oneTime));
    return { user, password: oneTime };
  }

  /** Creates a user with no password yet: they choose one from the link in their invitation. */
  createWithoutPassword(manager: EntityManager, input: UserInput): Promise<User> {
    return this.create(manager.getRepository(User), input, null);
  }

  /** Stores a password chosen from a link (or a command line's one-time password). */
  async setPasswordHash(
    manager: EntityManager,
    userId: string,
    passwordHash: string,
    mustChangePassword: boolean,
  ): Promise<void> {
    await manager.getRepository(User).update(userId, { passwordHash, mustChangePassword });
    await this.audit.record('user.password_set', { type: 'user', id: userId }, { manager });
  }

  private async create(
    users: Repository<User>,
    input: UserInput,
    passwordHash: string | null,
  ): Promise<User> {
    const email = input.email.trim().toLowerCase();
    await this.assertUnitRule(input.role, input.unitId ?? null);
    if (await users.exists({ where: { email } })) throw new AuthError(AuthErrorCode.EMAIL_TAKEN);
    const user = await users.save(
      users.create({
        email,
        name: input.name.trim(),
        role: input.role,
        unitId: input.role === 'manager' ? (input.unitId ?? null) : null,
        passwordHash,
        mustChangePassword: passwordHash !== null,
      }),
    );
    await this.audit.record('user.invite', userTarget(user), {
      manager: users.manager,
      after: auditedUser(user),
    });
    return user;
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
    if (user.role === 'admin' && role !== 'admin') await this.breakGlass.assertCanLoseAdmin(id);
    const newUnitId = role === 'manager' ? unitId : null;
    const changed = role !== user.role || newUnitId !== user.unitId;
    const before = auditedUser(user);
    user.role = role;
    user.unitId = newUnitId;
    const saved = await this.users.save(user);
    await this.audit.record('user.role_change', userTarget(user), {
      before,
      after: auditedUser(saved),
    });
    // What they may see changed: they sign in again rather than keep a session from before.
    if (changed) await this.sessions.endAll(user.id);
    return saved;
  }

  async setDisabled(actor: CurrentUser, id: string, disabled: boolean): Promise<User> {
    const user = await this.require(id);
    if (user.id === actor.id) throw new AuthError(AuthErrorCode.CANNOT_CHANGE_SELF);
    if (disabled) await this.breakGlass.assertCanLoseAdmin(id);
    const before = auditedUser(user);
    user.disabledAt = disabled ? new Date() : null;
    await this.users.save(user);
    await this.audit.record(disabled ? 'user.disable' : 'user.enable', userTarget(user), {
      before,
      after: auditedUser(user),
    });
    if (disabled) await this.sessions.endAll(id);
    return user;
  }

  /** An admin signs a user out everywhere; returns how many sessions ended. */
  async endSessions(actor: CurrentUser, id: string): Promise<number> {
    const user = await this.require(id);
    if (user.id === actor.id) throw new AuthError(AuthErrorCode.CANNOT_CHANGE_SELF);
    const ended = await this.sessions.endAll(user.id);
    await this.audit.record('user.sessions_end', userTarget(user), { details: { ended } });
    return ended;
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
    // That it changed, never what to: the hash is redacted even if a caller passed it.
    await this.audit.record('user.password_change', userTarget(user), {
      details: { otherSessionsEnded: true },
    });
  }

  /** Units to pick a manager's scope from, indented by depth. */
  async unitChoices(): Promise<Array<{ id: string; label: string }>> {
    return treeLabels(await this.units.summariesUnder(null, { activeOnly: true }));
  }

  private async require(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND);
    return user;
  }

  private async assertUnitRule(role: Role, unitId: string | null): Promise<void> {
    if (role !== 'manager') return;
    if (!unitId) throw new AuthError(AuthErrorCode.MANAGER_NEEDS_UNIT);
    const found = await this.units.summariesByIds([unitId]);
    if (found.length === 0) throw new AuthError(AuthErrorCode.UNIT_NOT_FOUND);
  }
}
