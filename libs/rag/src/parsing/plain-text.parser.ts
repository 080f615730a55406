import { DocumentBuilder } from './document-builder';
import { ParsedDocument, ParseLimits } from './parsed-document.types';
import { normalizeNewlines } from './text-cleaner';

/**
 * Plain text has no reliable structure, so it becomes one section of paragraphs (split on blank
 * lines); the chunker still prefers paragraph boundaries.
 */
export function parsePlainText(text: string, limits: ParseLimits): ParsedDocument {
  const builder = new DocumentBuilder(limits.maxTextChars);
  for (const paragraph of normalizeNewlines(text).split(/\n[ \t]*\n/)) builder.addParagraph(paragraph);
  return builder.build('text');
}
