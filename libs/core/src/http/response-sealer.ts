import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Stored idempotent responses are sealed (AES-256-GCM, key derived from the process secret key):
 * they can hold what must never rest in clear, such as a new API key shown once. The row's scope and
 * key are authenticated data, so a sealed response only opens for the request it belongs to.
 */
export class ResponseSealer {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secretKey, 'seed-idempotency', 'seed:idempotent-response', 32));
  }

  seal(value: unknown, boundTo: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(boundTo));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  /** Throws when the box was sealed under another secret key or for another request. */
  open(box: Buffer, boundTo: string): unknown {
    const decipher = createDecipheriv('aes-256-gcm', this.key, box.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(boundTo))
      .setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(box.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(text) as unknown;
  }
}
