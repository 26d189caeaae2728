import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateToken, hashToken, isWellFormedToken } from '../delivery/tokens';
import { AuthError, AuthErrorCode } from './auth.errors';
import type { PasswordLinkPurpose } from './entities/password-link.entity';
import { User } from './entities/user.entity';
import { PasswordLinkMailer } from './password-link-mailer.service';
import { consume, findLive, linkStates, replaceLink } from './password-links.queries';
import { PasswordService } from './password.service';
import { passwordProblem } from './password-policy';
import { SessionsService } from './sessions.service';
import { PASSWORD_RESET_POLICY, SignInThrottleService } from './sign-in-throttle.service';
import { UserInput, UsersService } from './users.service';

/** A reset link from "forgot password" works for half an hour after its email goes out. */
export const RESET_LINK_SECONDS = 30 * 60;
/** An invitation works for a week. */
export const INVITE_LINK_SECONDS = 7 * 24 * 60 * 60;
/** A link printed by the command line, for an operator at the machine, works for an hour. */
export const OPERATOR_LINK_SECONDS = 60 * 60;

/** Who a live link lets set a password, for its page. */
export interface LinkHolder {
  purpose: PasswordLinkPurpose;
  email: string;
  name: string;
}

/** Where a user's invitation or reset link stands, for the admin's users pages. */
export interface LinkStatus {
  purpose: PasswordLinkPurpose;
  state: 'queued' | 'sent' | 'expired';
  sentAt: Date | null;
  expiresAt: Date | null;
  /** Tries to hand the email to the mail server so far (more than 0 while queued: refused). */
  attempts: number;
}

/**
 * Links for people to set their own password: "forgot password" on the sign-in page, an
 * admin's invitation, and the command line for an operator without mail. One link per user (a
 * new one replaces the last), 256 bits from the CSPRNG, stored only as a SHA-256 hash, used once.
 */
@Injectable()
export class PasswordLinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottleService,
    private readonly mailer: PasswordLinkMailer,
  ) {}

  /**
   * "Forgot password": emails a reset link if an active account has this address. Known and
   * unknown addresses do the same work — counted by the same throttle (RESET_THROTTLED after a
   * few), then one transaction holding a statement that inserts a link or nothing and one queued
   * job — and return the same. The email is sent at the worker's next poll, apart from the
   * request: a worker woken by the request sent a known address's email while it was answered,
   * which made known addresses answer slower than unknown ones.
   */
  async requestReset(email: string): Promise<void> {
    const normalized = email.trim().toLowerCase();
    await this.throttle.claimAttempt(normalized, PASSWORD_RESET_POLICY);
    await this.dataSource.transaction(async (manager) => {
      const linkId = await replaceLink(
        manager,
        { email: normalized },
        'reset',
        RESET_LINK_SECONDS,
      );
      await this.mailer.queue(linkId, manager);
    });
  }

  /** Creates the user without a password and emails them a link to choose one. */
  async invite(input: UserInput): Promise<User> {
    // The user, their link and its email's job commit together: no invited user without mail.
    return this.dataSource.transaction(async (manager) => {
      const created = await this.users.createWithoutPassword(manager, input);
      const id = await replaceLink(manager, { userId: created.id }, 'invite', INVITE_LINK_SECONDS);
      await this.mailer.queue(id, manager);
      return created;
    });
  }

  /** Emails a new invitation link to a user who has not chosen a password; the old one dies. */
  async resendInvitation(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND);
    if (user.passwordHash !== null) throw new AuthError(AuthErrorCode.INVITATION_ACCEPTED);
    if (user.disabledAt) throw new AuthError(AuthErrorCode.USER_DISABLED);
    await this.dataSource.transaction(async (manager) => {
      const linkId = await replaceLink(manager, { userId }, 'invite', INVITE_LINK_SECONDS);
      await this.mailer.queue(linkId, manager);
    });
    return user;
  }

  /**
   * For an operator at the machine with no mail: a link that works for an hour, or with
   * `oneTimePassword` a password to sign in with once (the old password stops working and the
   * user's sessions end at once). Either way the user's sign-in throttle is cleared.
   */
  async issueForOperator(
    email: string,
    kind: 'link' | 'one-time-password',
  ): Promise<{ user: User; url?: string; password?: string }> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new AuthError(AuthErrorCode.USER_NOT_FOUND);
    if (user.disabledAt) throw new AuthError(AuthErrorCode.USER_DISABLED);
    await this.throttle.clear(user.email);
    if (kind === 'link') {
      const token = generateToken();
      await replaceLink(
        this.dataSource,
        { userId: user.id },
        'reset',
        OPERATOR_LINK_SECONDS,
        hashToken(token),
      );
      return { user, url: this.mailer.urlOf(token) };
    }
    const password = this.passwords.generate();
    const hash = await this.passwords.hash(password);
    await this.users.setPasswordHash(this.dataSource.manager, user.id, hash, true);
    await this.sessions.endAll(user.id);
    return { user, password };
  }

  /** Who a link is for, while it works; PASSWORD_LINK_DEAD for any other token alike. */
  async open(token: string): Promise<LinkHolder> {
    const link = isWellFormedToken(token) ? await findLive(this.dataSource, hashToken(token)) : null;
    if (!link) throw new AuthError(AuthErrorCode.PASSWORD_LINK_DEAD);
    return { purpose: link.purpose, email: link.email, name: link.name };
  }

  /**
   * Sets the password the link's holder chose, under the same rules as a password change (it
   * must also differ from the one they have), uses the link up, and ends every session of the
   * user. A refused password leaves the link working.
   */
  async setPassword(token: string, password: string): Promise<LinkHolder> {
    const link = isWellFormedToken(token) ? await findLive(this.dataSource, hashToken(token)) : null;
    if (!link) throw new AuthError(AuthErrorCode.PASSWORD_LINK_DEAD);
    const problem = passwordProblem(password, { current: '', email: link.email });
    if (problem) throw new AuthError(problem, { field: 'next' });
    if (await this.passwords.verify(link.password_hash, password))
      throw new AuthError(AuthErrorCode.PASSWORD_UNCHANGED, { field: 'next' });
    const hash = await this.passwords.hash(password);
    await this.dataSource.transaction(async (manager) => {
      const userId = await consume(manager, hashToken(token));
      if (userId !== link.user_id) throw new AuthError(AuthErrorCode.PASSWORD_LINK_DEAD);
      await this.users.setPasswordHash(manager, userId, hash, false);
    });
    await this.sessions.endAll(link.user_id);
    await this.throttle.clear(link.email);
    return { purpose: link.purpose, email: link.email, name: link.name };
  }

  /** Each given user's link, if they have one. */
  async statuses(userIds: readonly string[]): Promise<Map<string, LinkStatus>> {
    if (userIds.length === 0) return new Map();
    const now = Date.now();
    const rows = await linkStates(this.dataSource, userIds);
    return new Map(
      rows.map((r) => [
        r.user_id,
        {
          purpose: r.purpose,
          state: !r.sent_at
            ? 'queued'
            : r.expires_at && r.expires_at.getTime() > now
              ? 'sent'
              : 'expired',
          sentAt: r.sent_at,
          expiresAt: r.expires_at,
          attempts: r.send_attempts,
        },
      ]),
    );
  }
}
