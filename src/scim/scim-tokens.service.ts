import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ExitType } from '../directory/entities/employee.entity';
import { DirectoryProvisioningService } from '../directory/provisioning.service';
import { ScimToken } from './entities/scim-token.entity';
import { ScimAdminError, ScimAdminErrorCode } from './scim-admin.errors';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The prefix every SCIM token starts with, so a leaked one is recognised for what it is. */
export const SCIM_TOKEN_PREFIX = 'tdm_scim_';

export interface CreateScimTokenInput {
  name: string;
  defaultUnitId: string;
  defaultExitType: ExitType;
}

/** SCIM tokens: created by admins (shown once, kept as a hash), revoked, resolved per request. */
@Injectable()
export class ScimTokensService {
  constructor(
    @InjectRepository(ScimToken) private readonly tokens: Repository<ScimToken>,
    private readonly directory: DirectoryProvisioningService,
    private readonly audit: AuditService,
  ) {}

  async create(
    input: CreateScimTokenInput,
    creator: { id: string; name: string },
  ): Promise<{ token: string; scimToken: ScimToken }> {
    if (!(await this.directory.unit(input.defaultUnitId)))
      throw new ScimAdminError(ScimAdminErrorCode.UNIT_NOT_ACTIVE, { field: 'defaultUnitId' });
    const token = `${SCIM_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const scimToken = await this.tokens.save(
      this.tokens.create({
        name: input.name.trim() || 'SCIM token',
        tokenHash: sha256(token),
        prefix: token.slice(0, SCIM_TOKEN_PREFIX.length + 6),
        defaultUnitId: input.defaultUnitId,
        defaultExitType: input.defaultExitType,
        createdByUserId: creator.id,
        createdByName: creator.name,
      }),
    );
    await this.audit.record(
      'scim.token_create',
      { type: 'scim_token', id: scimToken.id, label: scimToken.name },
      {
        after: {
          name: scimToken.name,
          prefix: scimToken.prefix,
          defaultUnitId: scimToken.defaultUnitId,
          defaultExitType: scimToken.defaultExitType,
        },
      },
    );
    return { token, scimToken };
  }

  list(): Promise<ScimToken[]> {
    return this.tokens.find({
      order: { revokedAt: { direction: 'DESC', nulls: 'FIRST' }, createdAt: 'DESC' },
    });
  }

  async get(id: string): Promise<ScimToken> {
    const token = await this.tokens.findOneBy({ id });
    if (!token) throw new ScimAdminError(ScimAdminErrorCode.TOKEN_NOT_FOUND);
    return token;
  }

  async revoke(id: string): Promise<void> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new ScimAdminError(ScimAdminErrorCode.TOKEN_NOT_FOUND);
    const token = await this.get(id);
    await this.audit.record(
      'scim.token_revoke',
      { type: 'scim_token', id, label: token.name },
      { before: { revokedAt: null }, after: { revokedAt: token.revokedAt } },
    );
  }

  /** The live token this bearer value is, or null; notes when it was last used. */
  async resolve(value: string): Promise<ScimToken | null> {
    if (!value.startsWith(SCIM_TOKEN_PREFIX)) return null;
    const token = await this.tokens.findOneBy({ tokenHash: sha256(value), revokedAt: IsNull() });
    if (!token) return null;
    await this.tokens.update({ id: token.id }, { lastUsedAt: new Date() });
    return token;
  }
}
