import { z } from 'zod';
import { API_KEY_SCOPES, ApiKeyRecord } from '@app/core';

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1, 'expected 1 to 100 characters').max(100, 'expected 1 to 100 characters'),
    scopes: z
      .array(z.enum(API_KEY_SCOPES, { message: `expected one of ${API_KEY_SCOPES.join(', ')}` }))
      .min(1, 'expected at least one scope'),
  })
  .strict();

export type CreateApiKeyDto = z.infer<typeof createApiKeySchema>;

export const uuidSchema = z.string().uuid('expected a UUID');

/** What the API shows of a key: never its hash, only its public prefix. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function toApiKeyView(record: ApiKeyRecord): ApiKeyView {
  return {
    id: record.id,
    name: record.name,
    prefix: record.prefix,
    scopes: record.scopes,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}
