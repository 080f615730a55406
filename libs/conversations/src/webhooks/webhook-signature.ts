import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION = 'v1';

/** A new signing secret, shown to the tenant once; the whole string (prefix included) is the HMAC key. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('hex')}`;
}

/**
 * The `Seed-Signature` header value: `v1=` + hex HMAC-SHA256 over `${timestamp}.${body}`. Signing the
 * timestamp with the body lets receivers refuse replays of an old delivery.
 */
export function signWebhookPayload(secret: string, timestamp: number, body: string): string {
  return `${SIGNATURE_VERSION}=${hmacHex(secret, timestamp, body)}`;
}

/**
 * What a receiver runs on each request, with the raw body bytes as received (not re-serialised JSON).
 * True when one of the header's `v1=` signatures matches and the timestamp is within
 * `toleranceSeconds` of now. Compared in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  nowMs = Date.now(),
): boolean {
  const seconds = typeof timestamp === 'number' ? timestamp : Number(timestamp);
  if (!Number.isInteger(seconds)) return false;
  if (Math.abs(nowMs / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, seconds, body), 'hex');
  return signature
    .split(/[\s,]+/)
    .filter((part) => part.startsWith(`${SIGNATURE_VERSION}=`))
    .map((part) => Buffer.from(part.slice(SIGNATURE_VERSION.length + 1), 'hex'))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
