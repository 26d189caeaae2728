import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { currentActor } from '../../audit/audit-context';
import { AuditService } from '../../audit/audit.service';
import { User } from '../entities/user.entity';
import { SsoIdentity } from './entities/sso-identity.entity';
import { isDomainAllowed, roleFromClaims } from './role-mapping';
import type { ActiveSso } from './sso-settings.service';
import { SsoError, SsoErrorCode } from './sso.errors';

/** Someone the provider let in whom no role mapping gave a role, shown on the admin page. */
export interface AwaitingAccess {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

const userTarget = (u: User) => ({ type: 'user', id: u.id, label: u.email });

/**
 * Turns a provider's verified claims into a Tandem user (tables users and sso_identities):
 * the account already linked to this provider subject, else the account with the verified
 * email (linked now), else a new account when the email's domain is allowed, with the role
 * the mapping gives — or none, which means no access until an admin grants a role.
 */
@Injectable()
export class SsoSignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async userFor(sso: ActiveSso, claims: Record<string, unknown>): Promise<User> {
    const issuer = String(claims.iss);
    const subject = String(claims.sub);
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw new SsoError(SsoErrorCode.EMAIL_MISSING);
    if (claims.email_verified === false || claims.email_verified === 'false')
      throw new SsoError(SsoErrorCode.EMAIL_UNVERIFIED);
    if (!isDomainAllowed(email, sso.allowedDomains))
      throw new SsoError(SsoErrorCode.DOMAIN_NOT_ALLOWED);
    const mapped = roleFromClaims(claims, sso.roleClaim, sso.roleMapping);

    const user = await this.dataSource.transaction(async (manager) => {
      const identities = manager.getRepository(SsoIdentity);
      const linked = await identities.findOne({ where: { issuer, subject } });
      let found = linked
        ? await manager.getRepository(User).findOneBy({ id: linked.userId })
        : await this.linkByEmail(manager, issuer, subject, email);
      found ??= await this.create(manager, issuer, subject, email, claims, mapped);
      if (found.disabledAt) throw new SsoError(SsoErrorCode.ACCOUNT_DISABLED);
      if (found.role === null && mapped) await this.grantMappedRole(manager, found, mapped);
      await identities.update({ issuer, subject }, { lastSignInAt: new Date() });
      return found;
    });
    if (user.role !== null)
      await this.dataSource.getRepository(User).update(user.id, { lastLoginAt: new Date() });
    return user;
  }

  /** Whether the user signs in with single sign-on (has a linked provider account). */
  async isLinked(userId: string): Promise<boolean> {
    return this.dataSource.getRepository(SsoIdentity).exists({ where: { userId } });
  }

  /** People signed in by the provider who still have no role, newest first. */
  async awaitingAccess(): Promise<AwaitingAccess[]> {
    const users = await this.dataSource.getRepository(User).find({
      where: { role: IsNull(), disabledAt: IsNull() },
      order: { createdAt: 'DESC' },
      take: 100,
    });
    return users.map((u) => ({ id: u.id, email: u.email, name: u.name, createdAt: u.createdAt }));
  }

  /** An existing account with this email, linked to the provider subject from now on. */
  private async linkByEmail(
    manager: EntityManager,
    issuer: string,
    subject: string,
    email: string,
  ): Promise<User | null> {
    const user = await manager.getRepository(User).findOneBy({ email });
    if (!user) return null;
    const identities = manager.getRepository(SsoIdentity);
    if (await identities.exists({ where: { userId: user.id, issuer } }))
      throw new SsoError(SsoErrorCode.IDENTITY_CONFLICT);
    await identities.insert({ userId: user.id, issuer, subject });
    await this.audit.record('user.sso_link', userTarget(user), {
      manager,
      details: { issuer, subject },
      actor: { ...currentActor(), kind: 'user', userId: user.id, email: user.email },
    });
    return user;
  }

  private async create(
    manager: EntityManager,
    issuer: string,
    subject: string,
    email: string,
    claims: Record<string, unknown>,
    role: User['role'],
  ): Promise<User> {
    const users = manager.getRepository(User);
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
    const user = await users.save(
      users.create({
        email,
        name: name.slice(0, 200),
        role,
        unitId: null,
        passwordHash: null,
        mustChangePassword: false,
      }),
    );
    await manager.getRepository(SsoIdentity).insert({ userId: user.id, issuer, subject });
    await this.audit.record('user.sso_create', userTarget(user), {
      manager,
      after: { email, name: user.name, role, issuer, subject },
      actor: { ...currentActor(), kind: 'user', userId: user.id, email },
    });
    return user;
  }

  /** Someone still waiting for access whose claims now map to a role gets it. */
  private async grantMappedRole(
    manager: EntityManager,
    user: User,
    role: NonNullable<User['role']>,
  ): Promise<void> {
    await manager.getRepository(User).update(user.id, { role });
    await this.audit.record('user.role_change', userTarget(user), {
      manager,
      before: { role: null },
      after: { role },
      details: { by: 'single sign-on role mapping' },
      actor: { ...currentActor(), kind: 'user', userId: user.id, email: user.email },
    });
    user.role = role;
  }
}
