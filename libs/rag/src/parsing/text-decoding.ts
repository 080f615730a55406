import { DocumentParseError } from './document.exceptions';

// Share of suspicious characters above which decoded "text" is treated as binary. Real text in any
// language stays far below it; compressed or encrypted data lands far above it.
const BINARY_RATIO = 0.05;
const SAMPLE_CHARS = 64 * 1024;

export class BinaryContentError extends DocumentParseError {
  constructor() {
    super('file looks binary, not text');
  }
}

function decodeWithBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return undefined;
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (sample.includes('\0')) return true;
  // Controls other than tab/newline/CR/form feed/escape, plus U+FFFD left by failed decoding.
  const suspicious = sample.match(/[\u0001-\u0008\u000B\u000E-\u001A\u001C-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return suspicious / Math.max(sample.length, 1) > BINARY_RATIO;
}

/**
 * Decodes uploaded text: a BOM wins, then strict UTF-8, then Windows-1252 (the usual encoding of
 * legacy exports that are not UTF-8). Throws a parse error when the bytes are not text at all.
 */
export function decodeText(bytes: Uint8Array): string {
  let text = decodeWithBom(bytes);
  if (text === undefined) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  if (looksBinary(text)) throw new BinaryContentError();
  return text.replace(/^\uFEFF/, '');
}
