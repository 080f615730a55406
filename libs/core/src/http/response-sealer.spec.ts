import { randomBytes } from 'node:crypto';
import { ResponseSealer } from './response-sealer';

describe('ResponseSealer', () => {
  const sealer = new ResponseSealer(randomBytes(32));

  it('round-trips JSON values without leaving them readable', () => {
    const response = { key: 'seed_0123456789ab_secretsecretsecret', list: [1, 2] };
    const box = sealer.seal(response, 'scope key');
    expect(box.toString('latin1')).not.toContain('secretsecret');
    expect(sealer.open(box, 'scope key')).toEqual(response);
    expect(sealer.open(sealer.seal(null, 'x'), 'x')).toBeNull();
  });

  it('refuses a box bound to another request, tampered, or sealed under another key', () => {
    const box = sealer.seal({ a: 1 }, 'scope key');
    expect(() => sealer.open(box, 'scope other-key')).toThrow();
    const tampered = Buffer.from(box);
    tampered[tampered.length - 1] ^= 1;
    expect(() => sealer.open(tampered, 'scope key')).toThrow();
    expect(() => new ResponseSealer(randomBytes(32)).open(box, 'scope key')).toThrow();
  });
});
