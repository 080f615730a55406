import { citationLinks, safeHref, splitAnswer } from './citations';

const citation = (n: number, title: string, sourceUrl: string | null) => ({
  n,
  title,
  sourceUrl,
  chunkId: `chunk-${n}`,
  documentId: `doc-${n}`,
  headingPath: [],
  start: 0,
  end: 10,
});

describe('safeHref', () => {
  it('keeps http and https URLs', () => {
    expect(safeHref('https://help.example/returns#refunds')).toBe('https://help.example/returns#refunds');
    expect(safeHref('  http://help.example/a b ')).toBe('http://help.example/a%20b');
  });

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '/relative/path',
    '//evil.example/x',
    'not a url',
    '',
  ])('refuses %p', (url) => {
    expect(safeHref(url)).toBeNull();
  });

  it('refuses missing values', () => {
    expect(safeHref(null)).toBeNull();
    expect(safeHref(undefined)).toBeNull();
  });
});

describe('citationLinks', () => {
  it('numbers citations in [n] order, one per number, linking only safe URLs', () => {
    const links = citationLinks([
      citation(2, 'Warranty', 'javascript:alert(1)'),
      citation(1, 'Shipping and delivery', 'https://help.example/shipping'),
      citation(1, 'Shipping again', 'https://help.example/other'),
      citation(3, 'Returns', null),
    ]);
    expect(links).toEqual([
      { n: 1, label: '[1]', title: 'Shipping and delivery', href: 'https://help.example/shipping' },
      { n: 2, label: '[2]', title: 'Warranty', href: null },
      { n: 3, label: '[3]', title: 'Returns', href: null },
    ]);
  });

  it('gives untitled sources a name and shortens very long titles to one line', () => {
    const [untitled, long] = citationLinks([citation(1, '  ', null), citation(2, `A\n${'b'.repeat(300)}`, null)]);
    expect(untitled.title).toBe('Source 1');
    expect(long.title).toHaveLength(120);
    expect(long.title.startsWith('A b')).toBe(true);
    expect(long.title.endsWith('…')).toBe(true);
  });

  it('accepts a missing citation list', () => {
    expect(citationLinks(undefined)).toEqual([]);
  });
});

describe('splitAnswer', () => {
  it('splits the text at markers of known citations and keeps everything else as text', () => {
    expect(splitAnswer('Delivery takes 3 to 5 days [1]. Returns are free [2][9].', new Set([1, 2]))).toEqual([
      { text: 'Delivery takes 3 to 5 days ' },
      { n: 1, marker: '[1]' },
      { text: '. Returns are free ' },
      { n: 2, marker: '[2]' },
      { text: '[9].' },
    ]);
  });

  it('leaves markup in the text untouched, for the renderer to show as text', () => {
    const text = '<img src=x onerror=alert(1)> [1]';
    expect(splitAnswer(text, new Set([1]))).toEqual([
      { text: '<img src=x onerror=alert(1)> ' },
      { n: 1, marker: '[1]' },
    ]);
  });

  it('returns the whole text when there are no citations', () => {
    expect(splitAnswer('Hello [1]', new Set())).toEqual([{ text: 'Hello [1]' }]);
    expect(splitAnswer('', new Set([1]))).toEqual([]);
  });
});
