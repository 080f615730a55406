import { createHmac } from 'node:crypto';
import { generateWebhookSecret, signWebhookPayload, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ id: 'evt', type: 'message.created', data: { text: 'héllo' } });
  const now = 1_700_000_000;

  it('signs HMAC-SHA256 over "timestamp.body" with the whole secret as key', () => {
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhookPayload(secret, now, body)).toBe(`v1=${expected}`);
  });

  it('verifies a fresh signature, given the timestamp as the header string', () => {
    const signature = signWebhookPayload(secret, now, body);
    expect(verifyWebhookSignature(secret, String(now), body, signature, 300, now * 1000)).toBe(true);
    expect(verifyWebhookSignature(secret, now, body, `v0=abc, ${signature}`, 300, now * 1000)).toBe(true);
  });

  it('refuses another secret, a changed body, a changed timestamp and a stale delivery', () => {
    const signature = signWebhookPayload(secret, now, body);
    const at = now * 1000;
    expect(verifyWebhookSignature(generateWebhookSecret(), now, body, signature, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, now, `${body} `, signature, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, now + 1, body, signature, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, now, body, signature, 300, at + 301_000)).toBe(false);
    expect(verifyWebhookSignature(secret, 'soon', body, signature, 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, now, body, 'v1=zz', 300, at)).toBe(false);
    expect(verifyWebhookSignature(secret, now, body, '', 300, at)).toBe(false);
  });
});
