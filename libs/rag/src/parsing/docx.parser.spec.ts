import {
  buildHandbookDocx,
  buildLyingZipBombDocx,
  buildMinimalDocx,
  buildOverlappingZipBombDocx,
  buildZipBombDocx,
} from '../testing/docx.fixtures';
import { expectOffsetsIndexIntoText, rejectionOf } from '../testing/parsed-document.assertions';
import { writeZip } from '../testing/zip-writer.fixtures';
import { DocumentParseError } from './document.exceptions';
import { parseDocument } from './parse-document';

const MB = 1024 * 1024;

describe('parseDocument: DOCX', () => {
  it('keeps Word headings as heading paths, with the Title style as title and root', async () => {
    const parsed = await parseDocument(await buildHandbookDocx(), { filename: 'handbook.docx' });
    expect(parsed.type).toBe('docx');
    expect(parsed.title).toBe('Employee Handbook');
    expect(parsed.sections.map((s) => [s.headingPath, s.text])).toEqual([
      [['Employee Handbook', 'Leave'], 'Everyone gets 25 days'],
      [['Employee Handbook', 'Leave', 'Sick leave'], 'Call your manager before 9am.'],
      [['Employee Handbook', 'Equipment'], 'Laptop | MacBook Air'],
    ]);
    expectOffsetsIndexIntoText(parsed);
  });

  it('reads a minimal hand-written DOCX', async () => {
    const parsed = await parseDocument(buildMinimalDocx(), { filename: 'small.docx' });
    expect(parsed.text).toBe('Small but valid.');
    expect(parsed.sections[0].headingPath).toEqual([]);
  });

  it('rejects a zip bomb whose declared size exceeds the default 100 MB limit', async () => {
    const bomb = buildZipBombDocx(101);
    expect(bomb.length).toBeLessThan(200 * 1024); // ~1000:1: a real bomb
    const error = await rejectionOf(parseDocument(bomb, { filename: 'bomb.docx' }));
    expect(error).toBeInstanceOf(DocumentParseError);
    expect(error.reason).toBe('DOCX expands beyond 100 MB');
  });

  it('rejects a bomb whose headers lie about its size, by inflating it', async () => {
    const error = await rejectionOf(
      parseDocument(buildLyingZipBombDocx(12), { limits: { maxUncompressedBytes: 4 * MB } }),
    );
    expect(error.reason).toBe(
      'DOCX is corrupt or a zip bomb (entry word/media/payload.bin does not match its declared size)',
    );
  });

  it('rejects overlapping entries that multiply one payload past the limit', async () => {
    const bomb = buildOverlappingZipBombDocx(2, 10);
    const error = await rejectionOf(parseDocument(bomb, { limits: { maxUncompressedBytes: 8 * MB } }));
    expect(error.reason).toBe('DOCX expands beyond 8 MB');
  });

  it('accepts an archive that inflates to just under the limit', async () => {
    const parsed = await parseDocument(buildZipBombDocx(3), { limits: { maxUncompressedBytes: 4 * MB } });
    expect(parsed.text).toBe('Small but valid.');
  });

  it('fails a truncated DOCX as corrupt', async () => {
    const docx = await buildHandbookDocx();
    const error = await rejectionOf(
      parseDocument(docx.subarray(0, Math.floor(docx.length / 2)), { filename: 'a.docx' }),
    );
    expect(error.reason).toBe('DOCX is corrupt (not a readable zip archive)');
  });

  it('fails a zip that mentions word/document.xml but does not contain it', async () => {
    const zip = writeZip([{ name: 'notes/word/document.xml.txt', data: Buffer.from('x') }]);
    const error = await rejectionOf(parseDocument(zip, { filename: 'a.docx' }));
    expect(error.reason).toBe('DOCX has no word/document.xml (not a Word document)');
  });

  it('fails a DOCX whose document.xml is not XML', async () => {
    const zip = writeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document><w:body>') }]);
    const error = await rejectionOf(parseDocument(zip, { filename: 'a.docx' }));
    expect(error.reason).toBe('DOCX is corrupt (Word content could not be read)');
  });
});
