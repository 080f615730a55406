import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/parse-env';
import type { CoreConfig } from '../config/core-config';

export const SECRET_KEY_BYTES = 32;
export const SECRET_KEY_FILE = 'secret.key';

/** The process's secret key (a Buffer), provided by CoreModule; token signing keys derive from it. */
export const SECRET_KEY = Symbol('SECRET_KEY');

const KEY_FORMAT = `expected ${SECRET_KEY_BYTES} random bytes as 64 hex characters or base64 (openssl rand -base64 32)`;

function decodeKey(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === SECRET_KEY_BYTES && /^[A-Za-z0-9+/]+=*$/.test(trimmed) ? bytes : null;
}

/**
 * The key that seals tool secrets and signs tokens. `SEED_SECRET_KEY` wins; without it the embedded
 * install keeps a generated key beside its data, so secrets and sessions survive restarts with nothing
 * to configure. An in-memory data dir gets a key for this process only (tests). Every process sharing
 * a database must share the key, which is why production deployments should set the variable.
 */
export function loadSecretKey(core: Pick<CoreConfig, 'DATA_DIR'>, source: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = source.SEED_SECRET_KEY?.trim();
  if (configured) {
    const key = decodeKey(configured);
    // Unlike other variables, the bad value is not echoed: it is probably a real key, mistyped.
    if (!key)
      throw new ConfigError([`SEED_SECRET_KEY: ${KEY_FORMAT} (got ${configured.length} characters, not shown)`]);
    return key;
  }
  if (core.DATA_DIR.startsWith('memory://')) return randomBytes(SECRET_KEY_BYTES);
  return readOrCreateKeyFile(core.DATA_DIR);
}

function readOrCreateKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, SECRET_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(path, randomBytes(SECRET_KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } catch (error) {
      // Another process sharing DATA_DIR wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = decodeKey(readFileSync(path, 'utf8'));
  if (!key) throw new ConfigError([`SEED_SECRET_KEY: unset, and ${path} does not hold a valid key (${KEY_FORMAT})`]);
  return key;
}
