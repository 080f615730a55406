import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { ParsedDocument, ParsedSection } from '../parsing/parsed-document.types';
import { ChunkOptions, DEFAULT_CHUNK_OPTIONS, DocumentChunk } from './document-chunk.types';

type Span = Pick<DocumentChunk, 'text' | 'start' | 'end'>;

function validate(options: ChunkOptions): void {
  if (!Number.isInteger(options.size) || options.size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${options.size}`);
  }
  if (!Number.isInteger(options.overlap) || options.overlap < 0 || options.overlap >= options.size) {
    throw new RangeError(`chunk overlap must be an integer in [0, size), got ${options.overlap}`);
  }
}

/**
 * The splitter returns strings, not positions. With `keepSeparator` each piece is a trimmed,
 * contiguous substring of its input, so searching forward from the previous piece finds it; pieces
 * overlap, hence the search restarts just after the previous start rather than after its end.
 */
function locatePieces(section: ParsedSection, pieces: string[]): Span[] {
  const spans: Span[] = [];
  let from = 0;
  for (const piece of pieces) {
    let offset = section.text.indexOf(piece, from);
    if (offset < 0) offset = section.text.indexOf(piece);
    if (offset < 0) continue;
    const start = section.start + offset;
    spans.push({ text: piece, start, end: start + piece.length });
    from = offset + 1;
  }
  return spans;
}

async function splitSection(section: ParsedSection, splitter: RecursiveCharacterTextSplitter, size: number) {
  if (section.text.length <= size) return [{ text: section.text, start: section.start, end: section.end }];
  return locatePieces(section, await splitter.splitText(section.text));
}

function searchPrefix(title: string | undefined, headingPath: string[]): string {
  const path = title && headingPath[0] !== title ? [title, ...headingPath] : headingPath;
  return path.length > 0 ? `${path.join(' > ')}\n\n` : '';
}

/**
 * Splits a parsed document along its structure: never across sections (so every chunk has one
 * heading path), and inside a long section at paragraph, then line, then word boundaries with the
 * requested overlap. FAQ pairs are one chunk each, whatever their length.
 */
export async function chunkDocument(
  parsed: ParsedDocument,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Promise<DocumentChunk[]> {
  validate(options);
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.size,
    chunkOverlap: options.overlap,
    keepSeparator: true,
  });
  const chunks: DocumentChunk[] = [];
  for (const section of parsed.sections) {
    const spans = parsed.faq ? [section] : await splitSection(section, splitter, options.size);
    const prefix = searchPrefix(parsed.title, section.headingPath);
    for (const span of spans) {
      chunks.push({
        index: chunks.length,
        text: span.text,
        headingPath: [...section.headingPath],
        start: span.start,
        end: span.end,
        searchText: prefix + span.text,
      });
    }
  }
  return chunks;
}
