import { parseDocument } from '../parsing/parse-document';
import { ParsedDocument } from '../parsing/parsed-document.types';
import { buildHandbookDocx } from '../testing/docx.fixtures';
import { expectOffsetsIndexIntoText } from '../testing/parsed-document.assertions';
import { buildPdf } from '../testing/pdf.fixtures';
import { chunkDocument } from './chunk-document';

const words = (count: number, seed = 0) =>
  Array.from({ length: count }, (_, i) => ['refund', 'order', 'parcel', 'invoice', 'account'][(i + seed) % 5] + i).join(
    ' ',
  );

const markdown = [
  '# Support guide',
  'Short intro.',
  '## Refunds',
  words(400),
  '## Shipping',
  `${words(40, 1)}\n\n${words(40, 2)}\n\n${words(40, 3)}`,
  '### Customs',
  'Duties are paid by the recipient.',
].join('\n\n');

const parseMarkdown = () => parseDocument(Buffer.from(markdown), { filename: 'guide.md' });

function coveredPositions(parsed: ParsedDocument, spans: { start: number; end: number }[]): Set<number> {
  const covered = new Set<number>();
  for (const span of spans) for (let i = span.start; i < span.end; i++) covered.add(i);
  return covered;
}

describe('chunkDocument', () => {
  it('returns chunks whose offsets index exactly into the cleaned text, for every format', async () => {
    const documents = [
      await parseMarkdown(),
      await parseDocument(await buildHandbookDocx()),
      await parseDocument(await buildPdf([[{ text: 'Title', size: 20 }, { text: words(60) }, { text: words(60, 2) }]])),
      await parseDocument(Buffer.from(`<h1>A</h1><p>${words(150)}</p><h2>B</h2><p>${words(30)}</p>`), {
        filename: 'a.html',
      }),
    ];
    for (const parsed of documents) {
      const chunks = await chunkDocument(parsed, { size: 200, overlap: 40 });
      expect(chunks.length).toBeGreaterThan(0);
      expectOffsetsIndexIntoText(parsed, chunks);
      expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    }
  });

  it('keeps chunks within the size and inside one section, with that section’s heading path', async () => {
    const parsed = await parseMarkdown();
    const chunks = await chunkDocument(parsed, { size: 300, overlap: 50 });
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(300);
      const section = parsed.sections.find((s) => chunk.start >= s.start && chunk.end <= s.end);
      expect(section?.headingPath).toEqual(chunk.headingPath);
    }
    expect(new Set(chunks.map((c) => c.headingPath.join(' > ')))).toEqual(
      new Set([
        'Support guide',
        'Support guide > Refunds',
        'Support guide > Shipping',
        'Support guide > Shipping > Customs',
      ]),
    );
  });

  it('covers every character of every section', async () => {
    const parsed = await parseMarkdown();
    const covered = coveredPositions(parsed, await chunkDocument(parsed, { size: 250, overlap: 0 }));
    for (const section of parsed.sections) {
      for (let i = section.start; i < section.end; i++) {
        if (parsed.text[i].trim()) expect(covered.has(i)).toBe(true);
      }
    }
  });

  it('overlaps neighbouring chunks of a long section by at most the configured overlap', async () => {
    const parsed = await parseMarkdown();
    const refunds = (await chunkDocument(parsed, { size: 300, overlap: 80 })).filter(
      (c) => c.headingPath[1] === 'Refunds',
    );
    expect(refunds.length).toBeGreaterThan(5);
    for (let i = 1; i < refunds.length; i++) {
      const shared = refunds[i - 1].end - refunds[i].start;
      expect(shared).toBeGreaterThan(0);
      expect(shared).toBeLessThanOrEqual(80);
    }
  });

  it('does not overlap when overlap is 0', async () => {
    const parsed = await parseMarkdown();
    const chunks = await chunkDocument(parsed, { size: 300, overlap: 0 });
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBeGreaterThanOrEqual(chunks[i - 1].end);
  });

  it('splits at paragraph boundaries before it splits inside a paragraph', async () => {
    const parsed = await parseMarkdown();
    const shipping = parsed.sections.find((s) => s.headingPath.join('>') === 'Support guide>Shipping')!;
    const paragraphStarts = new Set([0, ...[...shipping.text.matchAll(/\n\n/g)].map((m) => m.index! + 2)]);
    const chunks = (await chunkDocument(parsed, { size: 400, overlap: 30 })).filter(
      (c) => c.headingPath.join('>') === 'Support guide>Shipping',
    );
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(paragraphStarts.has(chunk.start - shipping.start)).toBe(true);
  });

  it('keeps a short section as one chunk and prefixes title and heading path in searchText', async () => {
    const parsed = await parseDocument(
      Buffer.from('<title>Acme help</title><h1>Shipping</h1><h2>Customs</h2><p>Duties apply.</p>'),
      {
        filename: 'a.html',
      },
    );
    expect(await chunkDocument(parsed, { size: 500, overlap: 50 })).toEqual([
      {
        index: 0,
        text: 'Duties apply.',
        headingPath: ['Shipping', 'Customs'],
        start: parsed.sections[0].start,
        end: parsed.sections[0].end,
        searchText: 'Acme help > Shipping > Customs\n\nDuties apply.',
      },
    ]);
    const titled = await parseMarkdown();
    const [first] = await chunkDocument(titled);
    expect(first.searchText).toBe('Support guide\n\nShort intro.'); // title == first heading: not repeated
  });

  it('makes one chunk per FAQ pair, however long the answer', async () => {
    const faq = JSON.stringify([
      { question: 'How long do refunds take?', answer: words(100), category: 'Billing' },
      { question: 'Do you ship abroad?', answer: 'Yes, to 40 countries.' },
    ]);
    const parsed = await parseDocument(Buffer.from(faq), { filename: 'faq.json' });
    const chunks = await chunkDocument(parsed, { size: 100, overlap: 10 });
    expect(chunks).toHaveLength(2);
    expect(chunks[0].text.startsWith('Q: How long do refunds take?\nA: refund0 order1')).toBe(true);
    expect(chunks[0].searchText.startsWith('Billing\n\nQ: How long')).toBe(true);
    expect(chunks[1]).toMatchObject({ text: 'Q: Do you ship abroad?\nA: Yes, to 40 countries.', headingPath: [] });
    expectOffsetsIndexIntoText(parsed, chunks);
  });

  it('rejects impossible size/overlap settings', async () => {
    const parsed = await parseMarkdown();
    await expect(chunkDocument(parsed, { size: 0, overlap: 0 })).rejects.toThrow(RangeError);
    await expect(chunkDocument(parsed, { size: 100, overlap: 100 })).rejects.toThrow('chunk overlap must be');
    await expect(chunkDocument(parsed, { size: 100.5, overlap: 1 })).rejects.toThrow('chunk size must be');
  });
});
