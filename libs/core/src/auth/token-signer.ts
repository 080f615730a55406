import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '../errors/domain.error';

/**
 * What a token is for. Each purpose signs with its own key (HKDF info), so a visitor token can never
 * pass as a console token even though both come from the same secret.
 */
export const TOKEN_PURPOSES = ['console', 'visitor'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Claims the signer adds to every token: issued-at and expiry, in seconds since the epoch. */
export interface TokenTimes {
  iat: number;
  exp: number;
}

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

/** A token longer than this is refused before any parsing: real ones are a few hundred bytes. */
const MAX_TOKEN_LENGTH = 4096;
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * JWTs (HS256) signed with keys derived from the process secret key. Verification accepts only the
 * exact header this signer writes, so `alg: none` and algorithm confusion are impossible by design.
 */
export class TokenSigner {
  private readonly keys = new Map<TokenPurpose, Buffer>();

  constructor(
    private readonly secretKey: Buffer,
    /** Milliseconds since the epoch; replaceable so specs can move time. */
    private readonly now: () => number = Date.now,
  ) {}

  sign<T extends object>(payload: T, ttlSeconds: number, purpose: TokenPurpose): SignedToken {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('token ttl must be a positive whole number');
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + ttlSeconds;
    const body = base64url(JSON.stringify({ ...payload, iat, exp }));
    const signingInput = `${HEADER}.${body}`;
    return { token: `${signingInput}.${this.signature(signingInput, purpose)}`, expiresAt: new Date(exp * 1000) };
  }

  /** The payload of a valid, unexpired token of this purpose; otherwise a 401 DomainError. */
  verify<T extends object>(token: string | undefined, purpose: TokenPurpose): T & TokenTimes {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw invalid();
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw invalid();
    const expected = Buffer.from(this.signature(`${parts[0]}.${parts[1]}`, purpose));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    const payload = parsePayload(parts[1]);
    if (!payload) throw invalid();
    if (payload.exp <= Math.floor(this.now() / 1000)) {
      throw new DomainError(ErrorCode.Unauthenticated, 'token expired');
    }
    return payload as T & TokenTimes;
  }

  private signature(input: string, purpose: TokenPurpose): string {
    return createHmac('sha256', this.keyFor(purpose)).update(input).digest('base64url');
  }

  private keyFor(purpose: TokenPurpose): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.secretKey, 'seed-token-signing', `seed:jwt:${purpose}`, 32));
      this.keys.set(purpose, key);
    }
    return key;
  }
}

function parsePayload(segment: string): (Record<string, unknown> & TokenTimes) | null {
  try {
    const payload = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
    const { iat, exp } = payload as Partial<TokenTimes>;
    return Number.isInteger(iat) && Number.isInteger(exp) ? (payload as Record<string, unknown> & TokenTimes) : null;
  } catch {
    return null;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function invalid(): DomainError {
  return new DomainError(ErrorCode.Unauthenticated, 'token invalid');
}
