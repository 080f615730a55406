import { randomBytes } from 'node:crypto';
import { DomainError, ErrorCode } from '../errors/domain.error';
import { TokenSigner } from './token-signer';
import { verifyConsoleToken } from './console-token';

describe('TokenSigner', () => {
  let now = Date.UTC(2026, 0, 1);
  const key = randomBytes(32);
  const signer = new TokenSigner(key, () => now);

  const failure = (work: () => unknown): DomainError => {
    try {
      work();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected a DomainError');
  };

  it('signs a JWT (HS256) whose payload comes back with iat and exp', () => {
    const { token, expiresAt } = signer.sign({ sub: 'u1', tid: 't1', role: 'agent' }, 900, 'console');
    const [header, body] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toMatchObject({ sub: 'u1', exp: now / 1000 + 900 });
    expect(expiresAt.getTime()).toBe(now + 900_000);
    expect(signer.verify(token, 'console')).toEqual({
      sub: 'u1',
      tid: 't1',
      role: 'agent',
      iat: now / 1000,
      exp: now / 1000 + 900,
    });
  });

  it('says "token expired" once exp has passed', () => {
    const { token } = signer.sign({ sub: 'u1' }, 60, 'console');
    now += 60_000;
    const error = failure(() => signer.verify(token, 'console'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ErrorCode.Unauthenticated);
    expect(error.message).toBe('token expired');
  });

  it('never accepts a token of another purpose, or from another key', () => {
    const { token } = signer.sign({ sub: 'visitor-1' }, 60, 'visitor');
    expect(signer.verify(token, 'visitor')).toMatchObject({ sub: 'visitor-1' });
    expect(failure(() => signer.verify(token, 'console')).message).toBe('token invalid');
    const other = new TokenSigner(randomBytes(32), () => now);
    expect(failure(() => other.verify(token, 'visitor')).message).toBe('token invalid');
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['two parts', 'a.b'],
    ['garbage', 'x.y.z'],
    ['huge', 'a'.repeat(5000)],
  ])('refuses a %s token as invalid', (_case, token) => {
    expect(failure(() => signer.verify(token, 'console')).message).toBe('token invalid');
  });

  it('refuses a tampered payload and an alg:none header', () => {
    const { token } = signer.sign({ sub: 'u1', role: 'agent' }, 60, 'console');
    const [header, , signature] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: 'u1', role: 'admin', iat: 1, exp: 9e9 })).toString(
      'base64url',
    );
    expect(failure(() => signer.verify(`${header}.${forgedBody}.${signature}`, 'console')).message).toBe(
      'token invalid',
    );
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(failure(() => signer.verify(`${none}.${forgedBody}.`, 'console')).message).toBe('token invalid');
  });

  it('verifyConsoleToken maps claims to the console user and refuses incomplete claims', () => {
    const { token } = signer.sign({ sub: 'u1', tid: 't1', role: 'admin' }, 60, 'console');
    expect(verifyConsoleToken(signer, token)).toEqual({ userId: 'u1', tenantId: 't1', role: 'admin' });
    const { token: noRole } = signer.sign({ sub: 'u1', tid: 't1', role: 'owner' }, 60, 'console');
    expect(failure(() => verifyConsoleToken(signer, noRole)).message).toBe('token invalid');
  });
});
