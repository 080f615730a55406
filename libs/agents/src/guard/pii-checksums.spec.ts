import { isCardNumber, isIbanValid, isLuhnValid } from './pii-checksums';

describe('PII checksums', () => {
  it('accepts Luhn-valid numbers and rejects a single changed digit', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('5555555555554444')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('41111a1111111111')).toBe(false);
  });

  it('requires a card to have 13–19 digits and not be one repeated digit', () => {
    expect(isCardNumber('378282246310005')).toBe(true);
    expect(isCardNumber('0000000000000000')).toBe(false);
    expect(isCardNumber('4242')).toBe(false);
  });

  it('accepts mod-97-valid IBANs in any case and rejects a wrong check digit', () => {
    expect(isIbanValid('DE89370400440532013000')).toBe(true);
    expect(isIbanValid('gb82west12345698765432')).toBe(true);
    expect(isIbanValid('DE88370400440532013000')).toBe(false);
    expect(isIbanValid('DE89')).toBe(false);
  });
});
