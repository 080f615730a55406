import { PDFDocument } from 'pdf-lib';
import { expectOffsetsIndexIntoText, rejectionOf } from '../testing/parsed-document.assertions';
import { buildCorruptPdf, buildEncryptedPdf, buildPdf } from '../testing/pdf.fixtures';
import { DocumentParseError } from './document.exceptions';
import { parseDocument } from './parse-document';
import { loadPdfjs } from './pdfjs.loader';

describe('parseDocument: PDF', () => {
  it('extracts text with headings inferred from font size, across pages', async () => {
    const pdf = await buildPdf(
      [
        [
          { text: 'Returns Policy', size: 22 },
          { text: 'Shipping', size: 16, gapBefore: 8 },
          { text: 'We ship worldwide within five busi-' },
          { text: 'ness days from our warehouse.' },
          { text: 'Tracking links arrive by email.', gapBefore: 14 },
        ],
        [{ text: 'Refunds', size: 16 }, { text: 'Refunds are paid within 14 days.' }],
      ],
      'Acme returns',
    );
    const parsed = await parseDocument(pdf, { filename: 'returns.pdf' });
    expect(parsed.type).toBe('pdf');
    expect(parsed.title).toBe('Acme returns');
    expect(parsed.sections.map((s) => s.headingPath)).toEqual([
      ['Returns Policy', 'Shipping'],
      ['Returns Policy', 'Refunds'],
    ]);
    // Wrapped lines are joined and the end-of-line hyphen removed; the paragraph gap is kept.
    expect(parsed.sections[0].text).toBe(
      'We ship worldwide within five business days from our warehouse.\n\nTracking links arrive by email.',
    );
    expect(parsed.text.startsWith('Returns Policy\n\nShipping\n\n')).toBe(true);
    expectOffsetsIndexIntoText(parsed);
  });

  it('reads a PDF preceded by junk when it is named .pdf', async () => {
    const pdf = await buildPdf([[{ text: 'Still readable' }]]);
    const parsed = await parseDocument(Buffer.concat([Buffer.from('X-Mailer: junk\n'), pdf]), { filename: 'a.pdf' });
    expect(parsed.text).toBe('Still readable');
  });

  it('fails a password-protected PDF with "PDF is encrypted"', async () => {
    const error = await rejectionOf(parseDocument(buildEncryptedPdf('secret'), { filename: 'locked.pdf' }));
    expect(error).toBeInstanceOf(DocumentParseError);
    expect(error.code).toBe('DocumentParseFailed');
    expect(error.reason).toBe('PDF is encrypted (password required)');
  });

  it('uses a genuinely encrypted fixture: the right password decrypts it', async () => {
    const pdfjs = loadPdfjs();
    const task = pdfjs.getDocument({
      data: new Uint8Array(buildEncryptedPdf('secret')),
      password: 'secret',
      verbosity: 0,
    });
    try {
      const page = await (await task.promise).getPage(1);
      const content = await page.getTextContent();
      expect(content.items.map((item) => ('str' in item ? item.str : '')).join('')).toBe('Secret plans');
    } finally {
      await task.destroy();
    }
  });

  it('fails a PDF with a header but garbage after it as corrupt', async () => {
    const error = await rejectionOf(parseDocument(buildCorruptPdf(), { filename: 'broken.pdf' }));
    expect(error.reason).toBe('PDF is corrupt (invalid PDF structure)');
  });

  it('fails a truncated PDF as corrupt', async () => {
    const pdf = await buildPdf([[{ text: 'Some text that will be cut off' }]]);
    const error = await rejectionOf(parseDocument(pdf.subarray(0, Math.floor(pdf.length * 0.6))));
    expect(error.reason).toMatch(/^PDF is corrupt/);
  });

  it('fails a PDF without a text layer with a hint about OCR', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawRectangle({ x: 10, y: 10, width: 100, height: 100 });
    const error = await rejectionOf(parseDocument(Buffer.from(await doc.save())));
    expect(error.reason).toBe('PDF has no extractable text (scanned pages need OCR)');
  });

  it('enforces the page limit before extracting text', async () => {
    const pdf = await buildPdf([[{ text: 'one' }], [{ text: 'two' }], [{ text: 'three' }]]);
    const error = await rejectionOf(parseDocument(pdf, { limits: { maxPdfPages: 2 } }));
    expect(error.reason).toBe('PDF has 3 pages, more than the limit of 2');
  });

  it('does not detach or alter the caller’s buffer', async () => {
    const pdf = await buildPdf([[{ text: 'Keep my bytes' }]]);
    const copy = Buffer.from(pdf);
    await parseDocument(pdf);
    expect(pdf.equals(copy)).toBe(true);
  });
});
