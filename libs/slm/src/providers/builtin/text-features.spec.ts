import { contentTerms, hash32, normalizeText, stem } from './text-features';

describe('text features', () => {
  it('folds case, accents and compatibility forms', () => {
    expect(normalizeText('Café ﬁle ÀÉ')).toBe('cafe file ae');
  });

  it('stems plurals and common verb endings', () => {
    expect(['refunds', 'shipping', 'shipped', 'policies', 'boxes', 'status', 'class'].map(stem)).toEqual([
      'refund',
      'ship',
      'ship',
      'policy',
      'box',
      'status',
      'class',
    ]);
  });

  it('keeps content terms only', () => {
    expect(contentTerms('How long does it take to get my refunds?')).toEqual(['long', 'refund']);
  });

  it('hashes deterministically to unsigned 32-bit integers', () => {
    expect(hash32('refund')).toBe(hash32('refund'));
    expect(hash32('refund')).not.toBe(hash32('refunds'));
    expect(hash32('x')).toBeGreaterThanOrEqual(0);
    expect(hash32('x')).toBeLessThan(2 ** 32);
  });
});
