import { splitSentences } from './sentence-splitter';

describe('splitSentences', () => {
  it('splits at terminal marks followed by a capital or digit', () => {
    expect(splitSentences('Refunds take 5 days. Contact us! Is it free? 24 hours a day.')).toEqual([
      'Refunds take 5 days.',
      'Contact us!',
      'Is it free?',
      '24 hours a day.',
    ]);
  });

  it('keeps abbreviations, initials and decimals inside their sentence', () => {
    expect(splitSentences('Bring ID, e.g. a passport. Ask J. Smith. It costs 9.99 dollars.')).toEqual([
      'Bring ID, e.g. a passport.',
      'Ask J. Smith.',
      'It costs 9.99 dollars.',
    ]);
  });

  it('treats lines as sentences and drops bullet and heading markers', () => {
    expect(splitSentences('## Returns\n- Free for 30 days\n2. Keep the receipt\n\n')).toEqual([
      'Returns',
      'Free for 30 days',
      'Keep the receipt',
    ]);
  });
});
