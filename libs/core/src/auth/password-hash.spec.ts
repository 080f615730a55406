import { hashPassword, verifyPassword } from './password-hash';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });

  it('reads the cost from the stored hash, so older costs keep working', async () => {
    const hash = await hashPassword('a long enough password');
    const parts = hash.split('$');
    expect(parts[1]).toBe('32768');
    // A hash made with a lower cost by an earlier version must still verify with its own parameters.
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const cheap = scryptSync('a long enough password', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = ['scrypt', 1024, 8, 1, salt.toString('base64url'), cheap.toString('base64url')].join('$');
    expect(await verifyPassword('a long enough password', stored)).toBe(true);
  });

  it.each([
    ['not scrypt', 'bcrypt$10$abc'],
    ['missing parts', 'scrypt$16384$8$1$c2FsdA'],
    ['absurd cost', 'scrypt$1073741824$8$1$c2FsdA$aGFzaA'],
    ['empty salt', 'scrypt$16384$8$1$$aGFzaA'],
  ])('answers false, without throwing, for a stored hash that is %s', async (_case, stored) => {
    expect(await verifyPassword('whatever password', stored)).toBe(false);
  });
});
