import { DocumentParseError } from './document.exceptions';
import { DocumentType, FaqPair, ParsedDocument, ParsedSection } from './parsed-document.types';
import { cleanInline, cleanText } from './text-cleaner';

/** What format parsers emit: a flat sequence of headings and body blocks in reading order. */
export type StructureBlock =
  { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; text: string; preformatted?: boolean };

const BLOCK_SEPARATOR = '\n\n';

interface OpenHeading {
  level: number;
  text: string;
}

/**
 * Turns blocks into one cleaned text plus sections with offsets. Every parser goes through here, so
 * the offset invariant (`text.slice(start, end) === section.text`) is enforced in one place.
 */
export class DocumentBuilder {
  private text = '';
  private readonly sections: ParsedSection[] = [];
  private readonly headings: OpenHeading[] = [];
  private current: ParsedSection | undefined;

  constructor(private readonly maxTextChars: number) {}

  addBlocks(blocks: Iterable<StructureBlock>): this {
    for (const block of blocks) {
      if (block.kind === 'heading') this.addHeading(block.level, block.text);
      else this.addParagraph(block.text, block.preformatted);
    }
    return this;
  }

  addHeading(level: number, raw: string): void {
    const text = cleanInline(raw);
    if (!text) return;
    while (this.headings.length > 0 && this.headings[this.headings.length - 1].level >= level) this.headings.pop();
    this.headings.push({ level, text });
    this.append(text);
    this.current = undefined;
  }

  addParagraph(raw: string, preformatted = false): void {
    const text = cleanText(raw, { preserveSpacing: preformatted });
    if (!text) return;
    const start = this.append(text);
    if (this.current) {
      this.current.end = this.text.length;
      this.current.text = this.text.slice(this.current.start, this.current.end);
      return;
    }
    this.current = { headingPath: this.headings.map((h) => h.text), text, start, end: this.text.length };
    this.sections.push(this.current);
  }

  /** A section that must stay whole and alone, e.g. one FAQ pair. */
  addStandaloneSection(raw: string, headingPath: string[]): void {
    const text = cleanText(raw);
    if (!text) return;
    const start = this.append(text);
    this.sections.push({ headingPath, text, start, end: this.text.length });
    this.current = undefined;
  }

  build(type: DocumentType, title?: string, faq?: FaqPair[]): ParsedDocument {
    if (this.sections.length === 0) throw new DocumentParseError('document contains no readable text');
    const cleanTitle = title ? cleanInline(title) : '';
    return {
      type,
      ...(cleanTitle ? { title: cleanTitle } : {}),
      text: this.text,
      sections: this.sections,
      ...(faq ? { faq } : {}),
    };
  }

  private append(block: string): number {
    if (this.text.length > 0) this.text += BLOCK_SEPARATOR;
    const start = this.text.length;
    this.text += block;
    if (this.text.length > this.maxTextChars) {
      throw new DocumentParseError(`document text is longer than the limit of ${this.maxTextChars} characters`);
    }
    return start;
  }
}
