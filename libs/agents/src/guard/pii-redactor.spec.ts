import { redactPii, restorePii } from './pii-redactor';

describe('redactPii', () => {
  it.each([
    ['EMAIL', 'write to jane.doe+shop@example.co.uk please', 'jane.doe+shop@example.co.uk'],
    ['PHONE', 'call me on +44 20 7946 0958 tonight', '+44 20 7946 0958'],
    ['PHONE', 'my number is (555) 123-4567', '(555) 123-4567'],
    ['PHONE', 'mobile 07700900123', '07700900123'],
    ['CARD', 'card 4111 1111 1111 1111 was charged', '4111 1111 1111 1111'],
    ['CARD', 'amex 378282246310005', '378282246310005'],
    ['IBAN', 'refund to DE89 3704 0044 0532 0130 00 thanks', 'DE89 3704 0044 0532 0130 00'],
    ['IBAN', 'IBAN GB82WEST12345698765432', 'GB82WEST12345698765432'],
    ['SSN', 'ssn 123-45-6789', '123-45-6789'],
  ])('replaces a %s with a placeholder and keeps it in the vault', (type, text, value) => {
    const result = redactPii(text);
    expect(result.redactedText).toContain(`[${type}_1]`);
    expect(result.redactedText).not.toContain(value);
    expect(result.vault[`[${type}_1]`]).toBe(value);
  });

  it.each([
    ['a Luhn-failing card number', 'card 4111 1111 1111 1112 declined'],
    ['a mod-97-failing IBAN', 'IBAN DE88 3704 0044 0532 0130 00'],
    ['an order number', 'order 123456789 is late'],
    ['a date', 'on 2025-03-12 or 12/03/2025'],
    ['an amount', 'I paid 1,234.56 euros'],
    ['an address without a domain', 'my handle is jane@localhost'],
  ])('leaves %s alone', (_label, text) => {
    const result = redactPii(text);
    expect(result.redactedText).toBe(text);
    expect(result.vault).toEqual({});
  });

  it('gives the same value the same placeholder and different values different ones', () => {
    const text = 'Card 4111111111111111, again 4111 1111 1111 1111, or 5555555555554444; a@x.com and A@X.com';
    const result = redactPii(text);
    expect(result.redactedText).toBe('Card [CARD_1], again [CARD_1], or [CARD_2]; [EMAIL_1] and [EMAIL_1]');
    expect(Object.keys(result.vault)).toEqual(['[CARD_1]', '[CARD_2]', '[EMAIL_1]']);
    expect(result.matches).toHaveLength(5);
  });

  it('leaves no PII digits or addresses in the redacted text', () => {
    const text = 'Me: bob@mail.com, +33 6 12 34 56 78, 4012888888881881, FR14 2004 1010 0505 0001 3M02 606.';
    const { redactedText } = redactPii(text);
    expect(redactedText).not.toMatch(/@|\d{3}/);
    expect(redactedText).toBe('Me: [EMAIL_1], [PHONE_1], [CARD_1], [IBAN_1].');
  });

  it('puts real values back for tools', () => {
    const { redactedText, vault } = redactPii('refund 4111111111111111 and mail bob@mail.com');
    expect(restorePii(redactedText, vault)).toBe('refund 4111111111111111 and mail bob@mail.com');
    expect(restorePii('unknown [CARD_9]', vault)).toBe('unknown [CARD_9]');
  });
});
