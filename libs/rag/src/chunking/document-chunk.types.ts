/**
 * One retrievable piece of a document. Invariant (tested): `parsed.text.slice(start, end) === text`,
 * so a citation can highlight exactly this span of the cleaned document.
 */
export interface DocumentChunk {
  /** Position in the document, from 0. */
  index: number;
  /** Exact span of the cleaned document text, never rewritten. */
  text: string;
  headingPath: string[];
  start: number;
  end: number;
  /**
   * `text` prefixed with the title and heading path ("Title > Section > Sub\n\n..."): what should be
   * embedded and full-text indexed, because a chunk deep in a section often never names its topic.
   */
  searchText: string;
}

export interface ChunkOptions {
  /** Target maximum chunk length in characters. */
  size: number;
  /** Characters shared between neighbouring chunks of the same section. */
  overlap: number;
}

export const DEFAULT_CHUNK_OPTIONS: Readonly<ChunkOptions> = Object.freeze({ size: 1000, overlap: 150 });
