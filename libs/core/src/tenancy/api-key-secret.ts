import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Keys look like `seed_<prefix>_<secret>`: the prefix (12 hex chars) is stored in clear to find the
 * row and to show the key in lists; only a SHA-256 of the whole key is stored. A fast hash is enough
 * because the secret is 192 random bits, not a human password.
 */
const KEY_PATTERN = /^seed_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;

export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedKey {
  const prefix = randomBytes(6).toString('hex');
  const key = `seed_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null for anything malformed. */
export function parseApiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function apiKeyMatches(key: string, storedHash: string): boolean {
  const given = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
