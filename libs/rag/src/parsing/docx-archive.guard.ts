import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { DocumentParseError } from './document.exceptions';
import { formatMegabytes, ParseLimits } from './parsed-document.types';

type ArchiveLimits = Pick<ParseLimits, 'maxUncompressedBytes' | 'maxArchiveEntries'>;

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip)
        reject(new DocumentParseError('DOCX is corrupt (not a readable zip archive)', { cause: error }));
      else resolve(zip);
    });
  });
}

function readEntries(zip: yauzl.ZipFile, maxEntries: number): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > maxEntries) reject(new DocumentParseError(`DOCX has more than ${maxEntries} files inside`));
      else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) =>
      reject(new DocumentParseError('DOCX is corrupt (broken zip directory)', { cause: error })),
    );
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(new DocumentParseError(`DOCX entry ${entry.fileName} is corrupt`, { cause: error }));
      else resolve(stream);
    });
  });
}

/** Inflates one entry without keeping it, stopping as soon as the remaining budget is spent. */
async function inflatedSize(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: number,
  limitText: string,
): Promise<number> {
  const stream = await openEntry(zip, entry);
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > budget) throw new DocumentParseError(`DOCX expands beyond ${limitText}`);
    }
  } catch (error) {
    if (error instanceof DocumentParseError) throw error;
    // yauzl's size validation: the entry inflates to more (or less) than its header declares.
    throw new DocumentParseError(
      `DOCX is corrupt or a zip bomb (entry ${entry.fileName} does not match its declared size)`,
      {
        cause: error,
      },
    );
  } finally {
    stream.destroy();
  }
  return size;
}

function checkDeclaredEntries(entries: yauzl.Entry[], limits: ArchiveLimits, limitText: string): void {
  const declared = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) throw new DocumentParseError(`DOCX expands beyond ${limitText}`);
  if (entries.some((entry) => entry.isEncrypted())) throw new DocumentParseError('DOCX is encrypted');
  if (!entries.some((entry) => entry.fileName === 'word/document.xml')) {
    throw new DocumentParseError('DOCX has no word/document.xml (not a Word document)');
  }
}

/**
 * Zip bomb guard, run before mammoth sees the bytes: the declared sizes in the central directory
 * must fit the limit, and then every entry is actually inflated (and discarded) against the same
 * budget, because headers can lie and overlapping entries can multiply one payload.
 */
export async function assertSafeDocxArchive(bytes: Buffer, limits: ArchiveLimits): Promise<void> {
  const limitText = formatMegabytes(limits.maxUncompressedBytes);
  const zip = await openZip(bytes);
  try {
    const entries = await readEntries(zip, limits.maxArchiveEntries);
    checkDeclaredEntries(entries, limits, limitText);
    let budget = limits.maxUncompressedBytes;
    for (const entry of entries) budget -= await inflatedSize(zip, entry, budget, limitText);
  } finally {
    zip.close();
  }
}
