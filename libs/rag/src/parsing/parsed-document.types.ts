export type DocumentType = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'faq-csv' | 'faq-json';

/** A run of body text under one heading path. `start`/`end` index into `ParsedDocument.text`. */
export interface ParsedSection {
  headingPath: string[];
  text: string;
  start: number;
  end: number;
}

export interface FaqPair {
  question: string;
  answer: string;
  category?: string;
}

/**
 * The cleaned text of a document and its structure. Invariant (tested): for every section,
 * `text.slice(section.start, section.end) === section.text`. Heading lines are part of `text` (so a
 * reader sees them) but not of any section; they travel with each section as its `headingPath`.
 */
export interface ParsedDocument {
  type: DocumentType;
  title?: string;
  text: string;
  sections: ParsedSection[];
  /** Present for FAQ files only: one section per pair, in the same order. */
  faq?: FaqPair[];
}

export interface ParseLimits {
  /** Raw upload size. */
  maxFileBytes: number;
  /** Total uncompressed size of a DOCX archive, declared and actual (zip bomb guard). */
  maxUncompressedBytes: number;
  maxArchiveEntries: number;
  maxPdfPages: number;
  /** Cleaned text length; protects chunking and embedding from pathological inputs. */
  maxTextChars: number;
}

const MB = 1024 * 1024;

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxFileBytes: 50 * MB,
  maxUncompressedBytes: 100 * MB,
  maxArchiveEntries: 5_000,
  maxPdfPages: 2_000,
  maxTextChars: 10_000_000,
});

export interface ParseDocumentOptions {
  filename?: string;
  mimeType?: string;
  limits?: Partial<ParseLimits>;
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
