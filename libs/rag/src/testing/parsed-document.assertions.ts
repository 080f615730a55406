import { DocumentChunk } from '../chunking/document-chunk.types';
import { DocumentError } from '../parsing/document.exceptions';
import { ParsedDocument } from '../parsing/parsed-document.types';

/** The offset contract: every section (and chunk) is exactly the span of the text it claims. */
export function expectOffsetsIndexIntoText(parsed: ParsedDocument, chunks: DocumentChunk[] = []): void {
  for (const span of [...parsed.sections, ...chunks]) {
    expect(span.start).toBeGreaterThanOrEqual(0);
    expect(span.end).toBeLessThanOrEqual(parsed.text.length);
    expect(parsed.text.slice(span.start, span.end)).toBe(span.text);
  }
}

/** Awaits a rejection and returns the domain error, failing with a clear message otherwise. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DocumentError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw new Error(`expected a DocumentError, got ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export function thrownBy(fn: () => unknown): DocumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DocumentError) return error;
    throw new Error(`expected a DocumentError, got ${String(error)}`);
  }
  throw new Error('expected a DocumentError, but nothing was thrown');
}
