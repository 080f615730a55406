import { porterStem } from './porter-stemmer';

describe('porterStem', () => {
  // Examples from Porter's paper and the reference vocabulary (tartarus.org/martin/PorterStemmer).
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['rational', 'ration'],
    ['generalization', 'gener'],
    ['oscillators', 'oscil'],
    ['hopefulness', 'hope'],
    ['electrical', 'electr'],
    ['adjustment', 'adjust'],
    ['controlling', 'control'],
    ['roll', 'roll'],
    ['rate', 'rate'],
    ['cease', 'ceas'],
  ])('stems %s to %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('joins the inflections of one intent word', () => {
    const stems = new Set(['cancel', 'cancels', 'cancelled', 'cancelling', 'cancellation'].map(porterStem));
    expect([...stems]).toEqual(['cancel']);
  });

  it('leaves short, digit and non-ASCII tokens alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('0')).toBe('0');
    expect(porterStem('überweisung')).toBe('überweisung');
  });
});
