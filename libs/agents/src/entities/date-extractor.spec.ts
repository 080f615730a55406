import { extractDates } from './date-extractor';

// Wednesday 5 March 2025, late in the day UTC: only the calendar day counts.
const REFERENCE = new Date('2025-03-05T23:30:00Z');

function datesIn(text: string, order: 'DMY' | 'MDY' = 'DMY'): [string, string][] {
  return extractDates(text, REFERENCE, order).map((d) => [d.text, d.value]);
}

describe('extractDates', () => {
  it.each([
    ['today', '2025-03-05'],
    ['tomorrow', '2025-03-06'],
    ['yesterday', '2025-03-04'],
    ['the day after tomorrow', '2025-03-07'],
    ['next Friday', '2025-03-07'],
    ['next Wednesday', '2025-03-12'],
    ['this Wednesday', '2025-03-05'],
    ['on Monday', '2025-03-10'],
    ['last Friday', '2025-02-28'],
    ['in 3 days', '2025-03-08'],
    ['in two weeks', '2025-03-19'],
    ['2 weeks ago', '2025-02-19'],
    ['12 March', '2025-03-12'],
    ['1st of April', '2025-04-01'],
    ['March 12th, 2024', '2024-03-12'],
    ['Dec. 24', '2025-12-24'],
    ['2025-02-28', '2025-02-28'],
    ['03/04/2025', '2025-04-03'],
    ['29.02.2024', '2024-02-29'],
  ])('reads %j as %s', (text, iso) => {
    expect(datesIn(`It was ${text}, thanks`)).toEqual([[text, iso]]);
  });

  it('reads numeric dates month first when the tenant says so', () => {
    expect(datesIn('03/04/2025', 'MDY')).toEqual([['03/04/2025', '2025-03-04']]);
  });

  it('ignores impossible dates and words that only look like dates', () => {
    expect(datesIn('on 2025-02-30 or 31 April, I sat in the sun, may I ask about 1.5 litres')).toEqual([]);
  });

  it('finds several dates in order', () => {
    expect(datesIn('Ordered yesterday, expected next Monday or 14 March')).toEqual([
      ['yesterday', '2025-03-04'],
      ['next Monday', '2025-03-10'],
      ['14 March', '2025-03-14'],
    ]);
  });
});
