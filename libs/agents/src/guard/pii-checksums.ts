/** Luhn (mod 10) check used by every payment card scheme; rejects most random digit runs. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** A plausible card number: 13–19 digits, Luhn-valid, and not a single repeated digit (0000…). */
export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && isLuhnValid(digits);
}

/**
 * ISO 13616 IBAN check: move the first four characters to the end, turn letters into 10..35 and require
 * the number mod 97 to be 1. Computed piecewise so no big integers are needed.
 */
export function isIbanValid(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}
