const SEGMENT_BOUNDARY = /\n+|(?<=[.!?])\s+(?=["'(\[]?[\p{Lu}\d])/u;
const MIN_SEGMENT_CHARS = 3;

/**
 * Splits a message into lines and sentences. Detectors score each segment and keep the maximum, because
 * an injected instruction is one sentence in an otherwise harmless text (an email, a pasted document)
 * and would be diluted if the whole text were scored at once.
 */
export function splitSegments(text: string, maxSegments = 128): string[] {
  const segments: string[] = [];
  for (const part of text.split(SEGMENT_BOUNDARY)) {
    const trimmed = part.trim();
    if (trimmed.length >= MIN_SEGMENT_CHARS) segments.push(trimmed);
    if (segments.length === maxSegments) break;
  }
  return segments.length > 0 ? segments : [text.trim()];
}
