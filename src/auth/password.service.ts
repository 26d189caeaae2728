import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

@Injectable()
export class PasswordService {
  /** Verified against when there is no account, so an unknown email takes as long as a known one. */
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  /** Always runs argon2, against a stand-in hash when there is none, and then says false. */
  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    const against = passwordHash ?? (await this.dummyHash);
    try {
      const ok = await verify(against, password);
      return ok && passwordHash !== null;
    } catch {
      return false;
    }
  }

  generate(): string {
    return randomBytes(12).toString('base64url');
  }
}
