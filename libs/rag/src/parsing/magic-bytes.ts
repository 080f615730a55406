/**
 * Binary signatures. Supported containers (PDF, DOCX) are recognised here; the rest exist so an
 * upload of a known but unsupported format gets a reason naming it instead of "looks binary".
 */
interface Signature {
  name: string;
  offset: number;
  bytes: number[];
}

const sig = (name: string, bytes: number[] | string, offset = 0): Signature => ({
  name,
  offset,
  bytes: typeof bytes === 'string' ? [...Buffer.from(bytes, 'latin1')] : bytes,
});

const UNSUPPORTED_SIGNATURES: Signature[] = [
  sig('PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  sig('JPEG image', [0xff, 0xd8, 0xff]),
  sig('GIF image', 'GIF8'),
  sig('TIFF image', [0x49, 0x49, 0x2a, 0x00]),
  sig('TIFF image', [0x4d, 0x4d, 0x00, 0x2a]),
  sig('WebP image', 'WEBP', 8),
  sig('gzip archive', [0x1f, 0x8b]),
  sig('bzip2 archive', 'BZh'),
  sig('xz archive', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
  sig('zstd archive', [0x28, 0xb5, 0x2f, 0xfd]),
  sig('7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
  sig('RAR archive', 'Rar!'),
  sig('ELF executable', [0x7f, 0x45, 0x4c, 0x46]),
  sig('WebAssembly module', [0x00, 0x61, 0x73, 0x6d]),
  sig('SQLite database', 'SQLite format 3\0'),
  sig('MP4/QuickTime video', 'ftyp', 4),
  sig('Ogg media', 'OggS'),
  sig('MP3 audio', 'ID3'),
  sig('RIFF media (WAV/AVI)', 'RIFF'),
  sig('RTF document', '{\\rtf'),
  sig('PostScript document', '%!PS'),
];

const ZIP_SIGNATURES = [sig('zip', [0x50, 0x4b, 0x03, 0x04]), sig('zip', [0x50, 0x4b, 0x05, 0x06])];
const OLE2_SIGNATURE = sig('OLE2', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function matches(bytes: Uint8Array, signature: Signature): boolean {
  if (bytes.length < signature.offset + signature.bytes.length) return false;
  return signature.bytes.every((byte, i) => bytes[signature.offset + i] === byte);
}

function contains(bytes: Uint8Array, needle: string | Buffer): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/**
 * PDF readers accept junk before the header (within 1 KB), so the check does too when the uploader
 * says PDF; otherwise the header must open the file, or a text file quoting "%PDF-" would be a PDF.
 */
export function hasPdfHeader(bytes: Uint8Array, allowLeadingJunk: boolean): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024));
  const offset = head.indexOf('%PDF-');
  return offset === 0 || (offset > 0 && allowLeadingJunk);
}

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURES.some((signature) => matches(bytes, signature));
}

/** Entry names are stored uncompressed in a zip, so a byte search identifies OOXML flavours cheaply. */
export function describeZip(bytes: Uint8Array): 'docx' | string {
  if (contains(bytes, 'word/document.xml')) return 'docx';
  if (contains(bytes, 'xl/workbook.xml')) return 'Excel workbook (XLSX)';
  if (contains(bytes, 'ppt/presentation.xml')) return 'PowerPoint presentation (PPTX)';
  if (contains(bytes, 'application/vnd.oasis.opendocument')) return 'OpenDocument file';
  if (contains(bytes, 'META-INF/container.xml')) return 'EPUB book';
  return 'ZIP archive';
}

export function isOle2(bytes: Uint8Array): boolean {
  return matches(bytes, OLE2_SIGNATURE);
}

/** Password-protected OOXML files are OLE2 containers holding an "EncryptedPackage" stream. */
export function isEncryptedOoxml(bytes: Uint8Array): boolean {
  return contains(bytes, Buffer.from('EncryptedPackage', 'utf16le'));
}

export function describeUnsupportedBinary(bytes: Uint8Array): string | undefined {
  return UNSUPPORTED_SIGNATURES.find((signature) => matches(bytes, signature))?.name;
}
