import type { PublicMessage } from '@app/conversations';

type Citation = PublicMessage['citations'][number];

/** A citation as the widget shows it: `[n] title`, a link only when the source URL is safe. */
export interface CitationLink {
  n: number;
  label: string;
  title: string;
  href: string | null;
}

/** A piece of an answer: plain text, or an `[n]` marker that points at a citation. */
export type AnswerSegment = { text: string } | { n: number; marker: string };

const MAX_TITLE_LENGTH = 120;

/**
 * Only http(s) URLs become links: a `javascript:`, `data:` or relative URL from a document's metadata
 * must never turn into something a visitor's click executes or resolves against the host page.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Citations in `[n]` order, one per number, with a readable title even when the source has none. */
export function citationLinks(citations: readonly Citation[] | null | undefined): CitationLink[] {
  const byNumber = new Map<number, CitationLink>();
  for (const citation of citations ?? []) {
    if (!Number.isInteger(citation?.n) || byNumber.has(citation.n)) continue;
    const title = cleanTitle(citation.title) || `Source ${citation.n}`;
    byNumber.set(citation.n, { n: citation.n, label: `[${citation.n}]`, title, href: safeHref(citation.sourceUrl) });
  }
  return [...byNumber.values()].sort((a, b) => a.n - b.n);
}

/** Splits an answer at the `[n]` markers that name one of its citations; other brackets stay text. */
export function splitAnswer(text: string, citationNumbers: ReadonlySet<number>): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  let textStart = 0;
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const n = Number(match[1]);
    if (!citationNumbers.has(n)) continue;
    const index = match.index ?? 0;
    if (index > textStart) segments.push({ text: text.slice(textStart, index) });
    segments.push({ n, marker: match[0] });
    textStart = index + match[0].length;
  }
  if (textStart < text.length) segments.push({ text: text.slice(textStart) });
  return segments;
}

function cleanTitle(title: unknown): string {
  if (typeof title !== 'string') return '';
  const oneLine = title.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_TITLE_LENGTH ? `${oneLine.slice(0, MAX_TITLE_LENGTH - 1)}…` : oneLine;
}
