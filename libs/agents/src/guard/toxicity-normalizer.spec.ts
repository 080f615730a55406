import { normalizeForToxicity } from './toxicity-normalizer';

describe('normalizeForToxicity', () => {
  it.each([
    ['I h4te w0men', 'I hate women'],
    ['b1tch', 'bitch'],
    ['f u c k you', 'fuck you'],
    ['st*pid', 'stpid'],
    ['soooooo bad', 'soo bad'],
  ])('undoes %j', (input, expected) => {
    expect(normalizeForToxicity(input)).toBe(expected);
  });

  it('leaves numbers, prices and codes alone', () => {
    expect(normalizeForToxicity('order 12345 costs $40, code A1')).toBe('order 12345 costs $40, code A1');
  });
});
