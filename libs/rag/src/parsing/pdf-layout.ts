import { StructureBlock } from './document-builder';

/** One visual line of a PDF page, as assembled from pdfjs text items. */
export interface PdfLine {
  text: string;
  fontSize: number;
  /** Baseline, in PDF user space (grows upwards). */
  y: number;
}

const HEADING_SIZE_RATIO = 1.15;
const MAX_HEADING_CHARS = 150;
// A gap above this many line heights starts a new paragraph.
const PARAGRAPH_GAP_RATIO = 1.6;

/** The size most characters are set in: the body text size. */
export function bodyFontSize(lines: PdfLine[]): number {
  const weights = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.fontSize * 2) / 2;
    weights.set(size, (weights.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, weight] of weights) if (weight > bestWeight) [best, bestWeight] = [size, weight];
  return best;
}

function isHeadingLine(line: PdfLine, bodySize: number): boolean {
  const text = line.text.trim();
  return line.fontSize >= bodySize * HEADING_SIZE_RATIO && text.length <= MAX_HEADING_CHARS && /\p{L}/u.test(text);
}

/** Bigger type, higher level: distinct heading sizes ranked from the largest. */
export function headingLevels(lines: PdfLine[], bodySize: number): Map<number, number> {
  const sizes = [...new Set(lines.filter((l) => isHeadingLine(l, bodySize)).map((l) => Math.round(l.fontSize)))];
  sizes.sort((a, b) => b - a);
  return new Map(sizes.map((size, index) => [size, Math.min(index + 1, 6)]));
}

/** Joins wrapped lines, undoing end-of-line hyphenation only where a lowercase word continues. */
export function joinWrappedLines(lines: string[]): string {
  return lines.reduce((joined, line) => {
    const text = line.trim();
    if (!joined) return text;
    if (/\p{Ll}-$/u.test(joined) && /^\p{Ll}/u.test(text)) return joined.slice(0, -1) + text;
    return `${joined} ${text}`;
  }, '');
}

function startsNewParagraph(previous: PdfLine, line: PdfLine): boolean {
  const gap = Math.abs(previous.y - line.y);
  const sameSize = Math.abs(previous.fontSize - line.fontSize) <= previous.fontSize * 0.1;
  return !sameSize || gap > previous.fontSize * PARAGRAPH_GAP_RATIO;
}

/** Groups one page's lines into headings and paragraphs. Paragraphs do not continue across pages. */
export function pageBlocks(lines: PdfLine[], bodySize: number, levels: Map<number, number>): StructureBlock[] {
  const blocks: StructureBlock[] = [];
  let paragraph: PdfLine[] = [];
  let previousHeading: PdfLine | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: joinWrappedLines(paragraph.map((l) => l.text)) });
    paragraph = [];
  };
  for (const line of lines) {
    if (!line.text.trim()) continue;
    if (isHeadingLine(line, bodySize)) {
      flush();
      const last = blocks[blocks.length - 1];
      // A long heading wraps onto a second line of the same size: one heading, not two.
      if (previousHeading && last?.kind === 'heading' && !startsNewParagraph(previousHeading, line)) {
        last.text = joinWrappedLines([last.text, line.text]);
      } else {
        blocks.push({ kind: 'heading', level: levels.get(Math.round(line.fontSize)) ?? 1, text: line.text });
      }
      previousHeading = line;
      continue;
    }
    previousHeading = undefined;
    if (paragraph.length > 0 && startsNewParagraph(paragraph[paragraph.length - 1], line)) flush();
    paragraph.push(line);
  }
  flush();
  return blocks;
}
