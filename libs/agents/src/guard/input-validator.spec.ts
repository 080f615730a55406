import { validateMessageInput } from './input-validator';

describe('validateMessageInput', () => {
  it.each([
    ['empty', ''],
    ['empty', '   \n\t '],
    ['too_long', 'a'.repeat(4001)],
    ['binary', 'hello\u0000world'],
    ['binary', '\u001b[31mred'],
    ['binary', 'PK\u0003\u0004binary zip'],
    ['invalid_unicode', 'broken \uD83D text'],
    ['invalid_unicode', 'lonely \uDC00 low surrogate'],
  ])('rejects input as %s', (code, text) => {
    expect(validateMessageInput(text)?.code).toBe(code);
  });

  it('rejects values that are not strings', () => {
    expect(validateMessageInput(undefined)?.code).toBe('not_text');
    expect(validateMessageInput(Buffer.from('hi'))?.code).toBe('not_text');
  });

  it('accepts ordinary text with emoji, accents, tabs and line breaks, up to the limit', () => {
    expect(validateMessageInput('Café ☕ 👍\tok\r\nthanks')).toBeNull();
    expect(validateMessageInput('a'.repeat(4000))).toBeNull();
    expect(validateMessageInput('a'.repeat(50), 20)?.code).toBe('too_long');
  });
});
