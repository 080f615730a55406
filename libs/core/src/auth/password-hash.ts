import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes are `scrypt$<N>$<r>$<p>$<salt>$<hash>` (base64url), so the cost can be raised
 * later without invalidating stored hashes: verification reads the parameters from the string.
 */
const COST = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** Refuse parameters a tampered row could use to make one login burn seconds or gigabytes. */
const MAX_N = 1 << 20;

export const PASSWORD_MIN_LENGTH = 10;
/** scrypt takes any length, but hashing megabytes per login attempt is a cheap way to load the server. */
export const PASSWORD_MAX_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, COST.N, COST.r, COST.p, KEY_LENGTH);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** False for a wrong password or an unreadable stored hash; the comparison is constant-time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  const sane = [N, r, p].every(Number.isInteger) && N > 1 && N <= MAX_N && r >= 1 && r <= 32 && p >= 1 && p <= 16;
  if (!sane || salt.length === 0 || expected.length === 0) return false;
  const actual = await derive(password, salt, N, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

/** A valid hash of no one's password, for spending the same time when the account does not exist. */
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

function derive(password: string, salt: Buffer, N: number, r: number, p: number, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is exactly our cost, so leave headroom.
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}
