import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An encrypted value as stored in the database: AES-256-GCM, base64 fields, self-describing. */
export interface SealedSecret {
  alg: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

export const SECRET_KEY_BYTES = 32;

export class SecretDecryptionError extends Error {
  constructor() {
    super('A stored secret could not be decrypted: SEED_SECRET_KEY differs from the key it was sealed with');
    this.name = 'SecretDecryptionError';
  }
}

/**
 * Seals tool secrets (API tokens in headers) so a database dump alone does not leak them. GCM
 * authenticates too: a value sealed under another key fails loudly instead of decrypting to garbage.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`secret key must be ${SECRET_KEY_BYTES} bytes`);
  }

  seal(plaintext: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      alg: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: SealedSecret): string {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretDecryptionError();
    }
  }
}
