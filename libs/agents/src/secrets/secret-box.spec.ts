import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '@app/core';
import { SecretBox, SecretDecryptionError } from './secret-box';
import { loadSecretKey } from './secret-key.config';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = box.seal('Bearer sk-live-123');
    expect(JSON.stringify(sealed)).not.toContain('sk-live');
    expect(box.open(sealed)).toBe('Bearer sk-live-123');
    expect(box.seal('same').data).not.toBe(box.seal('same').data);
  });

  it('refuses a secret sealed under another key or tampered with', () => {
    const sealed = box.seal('token');
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow(SecretDecryptionError);
    const tampered = { ...sealed, data: Buffer.from('other').toString('base64') };
    expect(() => box.open(tampered)).toThrow(SecretDecryptionError);
  });
});

describe('loadSecretKey', () => {
  it('reads SEED_SECRET_KEY as hex or base64 and names the variable when it is malformed', () => {
    const key = randomBytes(32);
    expect(loadSecretKey({ DATA_DIR: 'memory://' }, { SEED_SECRET_KEY: key.toString('hex') })).toEqual(key);
    expect(loadSecretKey({ DATA_DIR: 'memory://' }, { SEED_SECRET_KEY: key.toString('base64') })).toEqual(key);
    expect(() => loadSecretKey({ DATA_DIR: 'memory://' }, { SEED_SECRET_KEY: 'short' })).toThrow(ConfigError);
    expect(() => loadSecretKey({ DATA_DIR: 'memory://' }, { SEED_SECRET_KEY: 'short-secret' })).toThrow(
      /^(?!.*short-secret).*SEED_SECRET_KEY: expected 32 random bytes/s,
    );
  });

  it('generates a key into DATA_DIR once when unset, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-key-'));
    try {
      const first = loadSecretKey({ DATA_DIR: dir }, {});
      expect(loadSecretKey({ DATA_DIR: dir }, {})).toEqual(first);
      expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('base64'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
