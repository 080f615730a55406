import { buildHandbookDocx } from '../testing/docx.fixtures';
import { thrownBy } from '../testing/parsed-document.assertions';
import { buildPdf } from '../testing/pdf.fixtures';
import { writeZip } from '../testing/zip-writer.fixtures';
import { detectDocumentType } from './detect-document-type';
import { DocumentParseError, UnsupportedDocumentType } from './document.exceptions';

const text = (value: string) => Buffer.from(value, 'utf8');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
// Deterministic pseudo-random bytes: what a compressed or encrypted blob looks like.
const binaryJunk = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 2654435761) >>> 24));

describe('detectDocumentType', () => {
  it('recognises PDF and DOCX by their bytes, whatever the name says', async () => {
    expect(detectDocumentType(await buildPdf([[{ text: 'x' }]]), 'notes.txt')).toBe('pdf');
    expect(detectDocumentType(await buildHandbookDocx(), 'upload.bin')).toBe('docx');
  });

  it('finds a PDF header after leading junk only when the upload claims to be a PDF', async () => {
    const pdf = Buffer.concat([Buffer.from('junk from a mail gateway\n'), await buildPdf([[{ text: 'x' }]])]);
    expect(detectDocumentType(pdf, 'a.pdf')).toBe('pdf');
    expect(detectDocumentType(text('How to read a %PDF-1.7 header'), 'notes.md')).toBe('markdown');
  });

  it('rejects known unsupported formats as UnsupportedDocumentType, naming them', () => {
    const error = thrownBy(() => detectDocumentType(PNG, 'manual.pdf', 'application/pdf'));
    expect(error).toBeInstanceOf(UnsupportedDocumentType);
    expect(error.code).toBe('UnsupportedDocumentType');
    expect(error.reason).toBe('content is a PNG image, which is not a supported document type');
  });

  it('tells a spreadsheet or a plain zip from a Word document', () => {
    const xlsx = writeZip([{ name: 'xl/workbook.xml', data: text('<workbook/>') }]);
    expect(thrownBy(() => detectDocumentType(xlsx, 'report.docx')).reason).toContain('Excel workbook');
    const zip = writeZip([{ name: 'readme.txt', data: text('hi') }]);
    expect(thrownBy(() => detectDocumentType(zip, 'a.docx'))).toBeInstanceOf(UnsupportedDocumentType);
  });

  it('separates legacy Office files from password-protected DOCX (both OLE2 containers)', () => {
    const ole2 = Buffer.from('d0cf11e0a1b11ae1', 'hex');
    const legacy = Buffer.concat([ole2, Buffer.from('WordDocument', 'utf16le')]);
    expect(thrownBy(() => detectDocumentType(legacy, 'old.doc'))).toBeInstanceOf(UnsupportedDocumentType);
    const encrypted = Buffer.concat([ole2, Buffer.alloc(64), Buffer.from('EncryptedPackage', 'utf16le')]);
    const error = thrownBy(() => detectDocumentType(encrypted, 'secret.docx'));
    expect(error).toBeInstanceOf(DocumentParseError);
    expect(error.reason).toBe('DOCX is encrypted (password-protected)');
  });

  it('fails empty and whitespace-only files with a parse error', () => {
    expect(thrownBy(() => detectDocumentType(Buffer.alloc(0), 'a.txt')).reason).toBe('file is empty');
    expect(thrownBy(() => detectDocumentType(text(' \n\t\n'), 'a.txt')).reason).toBe('file is empty (only whitespace)');
  });

  it('fails binary junk named .txt as "file looks binary, not text"', () => {
    const error = thrownBy(() => detectDocumentType(binaryJunk, 'notes.txt', 'text/plain'));
    expect(error).toBeInstanceOf(DocumentParseError);
    expect(error.code).toBe('DocumentParseFailed');
    expect(error.reason).toBe('file looks binary, not text');
    expect(thrownBy(() => detectDocumentType(binaryJunk)).reason).toBe('file looks binary, not text');
  });

  it('calls binary junk with a non-document name unsupported', () => {
    expect(thrownBy(() => detectDocumentType(binaryJunk, 'setup.exe'))).toBeInstanceOf(UnsupportedDocumentType);
  });

  it('fails a file named .pdf or .docx whose bytes are not one', () => {
    expect(thrownBy(() => detectDocumentType(text('hello'), 'a.pdf')).reason).toBe(
      'file is not a valid PDF (the %PDF header is missing)',
    );
    expect(thrownBy(() => detectDocumentType(text('hello'), 'a.docx')).reason).toBe(
      'file is not a valid DOCX (it is not a zip archive)',
    );
  });

  it('sniffs text formats when there is no hint', () => {
    expect(detectDocumentType(text('<!DOCTYPE html><html><body>x</body></html>'))).toBe('html');
    expect(detectDocumentType(text('  <html><p>x</p></html>'))).toBe('html');
    expect(detectDocumentType(text('[{"question":"q","answer":"a"}]'))).toBe('faq-json');
    expect(detectDocumentType(text('Question;Answer\nq;a\n'))).toBe('faq-csv');
    expect(detectDocumentType(text('# Title\n\nBody'))).toBe('markdown');
    expect(detectDocumentType(text('See [docs](https://x.y) and:\n- one\n- two'))).toBe('markdown');
    expect(detectDocumentType(text('Dear customer,\nthanks for writing.'))).toBe('text');
  });

  it('lets the file name or MIME type choose between text formats', () => {
    expect(detectDocumentType(text('# not a heading in a txt'), 'a.txt')).toBe('text');
    expect(detectDocumentType(text('plain words'), 'a.md')).toBe('markdown');
    expect(detectDocumentType(text('<p>x</p>'), undefined, 'text/html; charset=utf-8')).toBe('html');
    expect(detectDocumentType(text('q,a\n1,2'), 'faq.CSV')).toBe('faq-csv');
  });

  it('accepts UTF-16 with a BOM and Windows-1252 text as text', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße aus Köln', 'utf16le')]);
    expect(detectDocumentType(utf16, 'a.txt')).toBe('text');
    expect(detectDocumentType(Buffer.from('Caf\xe9 cr\xe8me', 'latin1'))).toBe('text');
  });
});
