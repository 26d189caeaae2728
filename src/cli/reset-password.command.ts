import { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { AuthError, AuthErrorCode } from '../auth/auth.errors';
import { lifetimeInWords } from '../auth/password-link-emails';
import { OPERATOR_LINK_SECONDS, PasswordLinksService } from '../auth/password-links.service';
import { CliCommand, CliOutput } from './cli-command';

const USAGE = 'user:reset-password <email> [--one-time-password]';

/**
 * `npm run cli -- user:reset-password <email>`: for an operator locked out with no mail. Prints
 * a link to choose a new password (an hour, once), or with --one-time-password a password to
 * sign in with once and change at once. Either clears the account's sign-in throttle.
 */
export const resetPasswordCommand: CliCommand = {
  name: 'user:reset-password',
  usage: USAGE,
  description:
    'Print a link to set a new password for a user (or, with --one-time-password, a password to change at first sign-in).',

  async run(
    args: readonly string[],
    app: INestApplicationContext,
    out: CliOutput = process.stdout,
  ): Promise<number> {
    let parsed: { values: { 'one-time-password'?: boolean }; positionals: string[] };
    try {
      parsed = parseArgs({
        args: [...args],
        options: { 'one-time-password': { type: 'boolean' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      out.write(`${(error as Error).message}\nUsage: npm run cli -- ${USAGE}\n`);
      return 2;
    }
    if (parsed.positionals.length !== 1) {
      out.write(`Usage: npm run cli -- ${USAGE}\n`);
      return 2;
    }
    const [email] = parsed.positionals;
    const oneTime = parsed.values['one-time-password'] === true;
    try {
      const issued = await app
        .get(PasswordLinksService)
        .issueForOperator(email, oneTime ? 'one-time-password' : 'link');
      if (issued.password)
        out.write(
          `One-time password for ${issued.user.email}: ${issued.password}\n` +
            'Their old password no longer works and their sessions have ended; they choose a new password at sign-in.\n',
        );
      else
        out.write(
          `Link to set a new password for ${issued.user.email} (works once, for ${lifetimeInWords(OPERATOR_LINK_SECONDS)}):\n${issued.url}\n` +
            'Their current password keeps working until the link is used.\n',
        );
      return 0;
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      if (error.code === AuthErrorCode.USER_NOT_FOUND)
        out.write(`No user has the email ${email.trim()}; the Users page lists who can sign in.\n`);
      else if (error.code === AuthErrorCode.USER_DISABLED)
        out.write(`${email.trim()} is disabled; an administrator must enable them first.\n`);
      else out.write(`${error.message}\n`);
      return 1;
    }
  },
};
