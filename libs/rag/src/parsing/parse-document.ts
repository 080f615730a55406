import { detectDocument } from './detect-document-type';
import { DocumentParseError } from './document.exceptions';
import { parseDocx } from './docx.parser';
import { parseFaqCsv, parseFaqJson } from './faq.parser';
import { parseHtml } from './html.parser';
import { parseMarkdown } from './markdown.parser';
import {
  DEFAULT_PARSE_LIMITS,
  DocumentType,
  formatMegabytes,
  ParseDocumentOptions,
  ParsedDocument,
  ParseLimits,
} from './parsed-document.types';
import { parsePdf } from './pdf.parser';
import { parsePlainText } from './plain-text.parser';

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function parseByType(type: DocumentType, bytes: Buffer, text: string, limits: ParseLimits) {
  switch (type) {
    case 'pdf':
      return parsePdf(bytes, limits);
    case 'docx':
      return parseDocx(bytes, limits);
    case 'html':
      return parseHtml(text, limits);
    case 'markdown':
      return parseMarkdown(text, limits);
    case 'text':
      return parsePlainText(text, limits);
    case 'faq-csv':
      return parseFaqCsv(text, limits);
    case 'faq-json':
      return parseFaqJson(text, limits);
  }
}

/**
 * Detects the type by content, then parses and cleans. Throws `UnsupportedDocumentType` for formats
 * Seed does not ingest and `DocumentParseError` (with an admin-readable `reason`) for files it cannot
 * read. Unexpected failures inside a parser are wrapped too, so callers handle exactly two errors.
 */
export async function parseDocument(bytes: Uint8Array, options: ParseDocumentOptions = {}): Promise<ParsedDocument> {
  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS, ...options.limits };
  if (bytes.byteLength > limits.maxFileBytes) {
    throw new DocumentParseError(`file is larger than the ${formatMegabytes(limits.maxFileBytes)} limit`);
  }
  const detected = detectDocument(bytes, options.filename, options.mimeType);
  try {
    return await parseByType(detected.type, toBuffer(bytes), detected.text ?? '', limits);
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    throw new DocumentParseError(`${detected.type} document could not be parsed`, { cause: error });
  }
}
