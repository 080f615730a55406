import { DocumentParseError, UnsupportedDocumentType } from './document.exceptions';
import { isFaqCsvHeader } from './faq-fields';
import { describeUnsupportedBinary, describeZip, hasPdfHeader, isEncryptedOoxml, isOle2, isZip } from './magic-bytes';
import { DocumentType } from './parsed-document.types';
import { BinaryContentError, decodeText } from './text-decoding';

const EXTENSION_HINTS: Record<string, DocumentType> = {
  pdf: 'pdf',
  docx: 'docx',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
  csv: 'faq-csv',
  tsv: 'faq-csv',
  json: 'faq-json',
};

const MIME_HINTS: Record<string, DocumentType> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'text/csv': 'faq-csv',
  'text/tab-separated-values': 'faq-csv',
  'application/json': 'faq-json',
};

export interface DetectedDocument {
  type: DocumentType;
  /** Decoded content for text formats, so parsing does not decode twice. */
  text?: string;
}

/** What the uploader claims. Only a tie-breaker between text formats; content always decides first. */
export function typeHint(filename?: string, declaredMime?: string): DocumentType | undefined {
  const extension = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension && EXTENSION_HINTS[extension]) return EXTENSION_HINTS[extension];
  const mime = declaredMime?.toLowerCase().split(';')[0].trim();
  return mime ? MIME_HINTS[mime] : undefined;
}

function detectContainer(bytes: Uint8Array, hint: DocumentType | undefined): DocumentType | undefined {
  if (hasPdfHeader(bytes, hint === 'pdf')) return 'pdf';
  if (isZip(bytes)) {
    const kind = describeZip(bytes);
    if (kind === 'docx') return 'docx';
    throw new UnsupportedDocumentType(`content is a ${kind}, which is not a supported document type`);
  }
  if (isOle2(bytes)) {
    if (isEncryptedOoxml(bytes)) throw new DocumentParseError('DOCX is encrypted (password-protected)');
    throw new UnsupportedDocumentType('content is a legacy Office file (.doc/.xls/.ppt); save it as DOCX or PDF');
  }
  const binaryKind = describeUnsupportedBinary(bytes);
  if (binaryKind)
    throw new UnsupportedDocumentType(`content is a ${binaryKind}, which is not a supported document type`);
  if (hint === 'pdf') throw new DocumentParseError('file is not a valid PDF (the %PDF header is missing)');
  if (hint === 'docx') throw new DocumentParseError('file is not a valid DOCX (it is not a zip archive)');
  return undefined;
}

function decodeOrReject(bytes: Uint8Array, filename?: string, declaredMime?: string): string {
  try {
    return decodeText(bytes);
  } catch (error) {
    // Binary content the uploader called text is a broken upload; anything else is a format we lack.
    const claimsSomethingElse = (filename && /\.[a-z0-9]+$/i.test(filename)) || declaredMime;
    if (error instanceof BinaryContentError && claimsSomethingElse && !typeHint(filename, declaredMime)) {
      throw new UnsupportedDocumentType('content is binary data in a format that is not supported');
    }
    throw error;
  }
}

const HTML_PATTERN = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const MARKDOWN_PATTERNS = [
  /^#{1,6}\s+\S/m,
  /^```/m,
  /^\S.*\n(?:=+|-+)\s*$/m,
  /\[[^\]]+\]\([^)\s]+\)/,
  /^\s*[-*+]\s+\S/m,
];
const ATX_HEADING_PATTERN = MARKDOWN_PATTERNS[0];

function sniffText(text: string): DocumentType {
  if (HTML_PATTERN.test(text)) return 'html';
  if (/^\s*[[{]/.test(text) && isJson(text)) return 'faq-json';
  if (isFaqCsvHeader(text.trimStart().split('\n', 1)[0])) return 'faq-csv';
  // One '# Heading' line is a strong signal; weaker ones (lists, links) need company.
  const signals = MARKDOWN_PATTERNS.filter((pattern) => pattern.test(text)).length;
  return ATX_HEADING_PATTERN.test(text) || signals >= 2 ? 'markdown' : 'text';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Detection by content (magic bytes, then text sniffing), with the file name and MIME type as hints. */
export function detectDocument(bytes: Uint8Array, filename?: string, declaredMime?: string): DetectedDocument {
  if (bytes.byteLength === 0) throw new DocumentParseError('file is empty');
  const hint = typeHint(filename, declaredMime);
  const container = detectContainer(bytes, hint);
  if (container) return { type: container };
  const text = decodeOrReject(bytes, filename, declaredMime);
  if (text.trim() === '') throw new DocumentParseError('file is empty (only whitespace)');
  return { type: hint ?? sniffText(text), text };
}

/** Returns the document type or throws `UnsupportedDocumentType` / `DocumentParseError`. */
export function detectDocumentType(bytes: Uint8Array, filename?: string, declaredMime?: string): DocumentType {
  return detectDocument(bytes, filename, declaredMime).type;
}
