import { rejectionOf } from '../testing/parsed-document.assertions';
import { DocumentParseError, isDocumentError, UnsupportedDocumentType } from './document.exceptions';
import { parseDocument } from './parse-document';

describe('parseDocument', () => {
  it('splits plain text into paragraphs of one section without headings', async () => {
    const parsed = await parseDocument(Buffer.from('First   paragraph\nwraps here.\r\n\r\n\r\nSecond one.\n'), {
      filename: 'notes.txt',
    });
    expect(parsed).toEqual({
      type: 'text',
      text: 'First paragraph\nwraps here.\n\nSecond one.',
      sections: [{ headingPath: [], text: 'First paragraph\nwraps here.\n\nSecond one.', start: 0, end: 40 }],
    });
  });

  it('rejects a file above the size limit before looking at it', async () => {
    const error = await rejectionOf(
      parseDocument(Buffer.alloc(2 * 1024 * 1024, 'a'), { limits: { maxFileBytes: 1024 * 1024 } }),
    );
    expect(error.reason).toBe('file is larger than the 1 MB limit');
  });

  it('rejects text that grows past the character limit', async () => {
    const error = await rejectionOf(parseDocument(Buffer.from('word '.repeat(100)), { limits: { maxTextChars: 50 } }));
    expect(error.reason).toBe('document text is longer than the limit of 50 characters');
  });

  it('surfaces exactly two error types, both with a code the API can map', async () => {
    const unsupported = await rejectionOf(
      parseDocument(Buffer.from('GIF89a\x01\x00', 'latin1'), { filename: 'a.gif' }),
    );
    const unreadable = await rejectionOf(parseDocument(Buffer.alloc(0), { filename: 'a.txt' }));
    expect(unsupported).toBeInstanceOf(UnsupportedDocumentType);
    expect(unreadable).toBeInstanceOf(DocumentParseError);
    expect([unsupported.code, unreadable.code]).toEqual(['UnsupportedDocumentType', 'DocumentParseFailed']);
    expect(isDocumentError(unsupported) && isDocumentError(unreadable)).toBe(true);
    expect(unreadable.message).toBe(unreadable.reason);
  });
});
