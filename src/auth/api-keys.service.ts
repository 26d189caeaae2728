import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthError, AuthErrorCode } from './auth.errors';
import { ApiKey } from './entities/api-key.entity';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly audit: AuditService,
  ) {}

  /** Returns the plain key once; only its hash is kept. */
  async create(userId: string, name: string): Promise<{ key: string; apiKey: ApiKey }> {
    const key = `tdm_${randomBytes(32).toString('base64url')}`;
    const apiKey = await this.keys.save(
      this.keys.create({
        userId,
        name: name.trim() || 'API key',
        keyHash: sha256(key),
        prefix: key.slice(0, 10),
      }),
    );
    await this.audit.record(
      'api_key.create',
      { type: 'api_key', id: apiKey.id, label: apiKey.name },
      { after: { name: apiKey.name, prefix: apiKey.prefix, userId } },
    );
    return { key, apiKey };
  }

  listFor(userId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  async revoke(userId: string, id: string): Promise<void> {
    const result = await this.keys.update(
      { id, userId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    if (!result.affected) throw new AuthError(AuthErrorCode.API_KEY_NOT_FOUND);
    const key = await this.keys.findOneByOrFail({ id });
    await this.audit.record(
      'api_key.revoke',
      { type: 'api_key', id, label: key.name },
      { before: { revokedAt: null }, after: { revokedAt: key.revokedAt } },
    );
  }

  /** The key's id and the user behind a bearer key, or null. */
  async resolve(key: string): Promise<{ id: string; userId: string } | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affectedCount], not the rows alone.
    const [rows]: [Array<{ id: string; user_id: string }>, number] = await this.keys.query(
      `UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL RETURNING id, user_id`,
      [sha256(key)],
    );
    return rows[0] ? { id: rows[0].id, userId: rows[0].user_id } : null;
  }
}
