import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '../database/database.module';
import { DomainError, ErrorCode, NotFoundError } from '../errors/domain.error';
import { apiKeyMatches, generateApiKey, parseApiKeyPrefix } from './api-key-secret';
import { ApiKeyRecord, ApiKeysRepository } from './api-keys.repository';
import { AuditLogRepository } from './audit-log.repository';
import { ApiKeyScope, AuthContext } from './scopes';

export interface CreatedApiKey {
  record: ApiKeyRecord;
  /** Shown once; only its hash is stored. */
  key: string;
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly database: Database,
    private readonly apiKeys: ApiKeysRepository,
    private readonly auditLog: AuditLogRepository,
  ) {}

  async create(tenantId: string, name: string, scopes: ApiKeyScope[], actor: string): Promise<CreatedApiKey> {
    return this.database.transaction((client) => this.createWith(client, tenantId, name, scopes, actor));
  }

  /** For callers that create a key inside their own transaction (a new tenant and its first key). */
  async createWith(
    client: PoolClient,
    tenantId: string,
    name: string,
    scopes: ApiKeyScope[],
    actor: string,
  ): Promise<CreatedApiKey> {
    const { key, prefix, hash } = generateApiKey();
    const record = await this.apiKeys.insert({ tenantId, name, prefix, hash, scopes }, client);
    await this.auditLog.append(
      { tenantId, actor, action: 'api_key.created', target: record.id, details: { prefix, scopes } },
      client,
    );
    return { record, key };
  }

  /** Resolves a bearer key to its tenant. Every failure is the same 401, so callers learn nothing. */
  async authenticate(key: string | undefined): Promise<AuthContext> {
    const prefix = key ? parseApiKeyPrefix(key) : null;
    if (!key || !prefix) throw unauthenticated('missing or malformed API key');
    const credential = await this.apiKeys.findCredentialByPrefix(prefix);
    if (!credential || !apiKeyMatches(key, credential.hash)) throw unauthenticated('unknown API key');
    if (credential.revokedAt) throw unauthenticated('API key has been revoked');
    return { tenantId: credential.tenantId, keyId: credential.id, scopes: credential.scopes };
  }

  list(tenantId: string): Promise<ApiKeyRecord[]> {
    return this.apiKeys.listByTenant(tenantId);
  }

  async revoke(tenantId: string, id: string, actor: string): Promise<ApiKeyRecord> {
    const record = await this.apiKeys.revoke(tenantId, id);
    if (!record) throw new NotFoundError('API key', id);
    await this.auditLog.append({ tenantId, actor, action: 'api_key.revoked', target: id });
    return record;
  }
}

function unauthenticated(message: string): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, message);
}
