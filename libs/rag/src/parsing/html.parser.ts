import { DocumentBuilder } from './document-builder';
import { extractHtmlStructure, firstTopHeading } from './html-blocks';
import { DocumentType, ParsedDocument, ParseLimits } from './parsed-document.types';

/** Shared by HTML, Markdown and DOCX: all three reach structure through HTML. */
export function parsedDocumentFromHtml(html: string, type: DocumentType, limits: ParseLimits): ParsedDocument {
  const { title, blocks } = extractHtmlStructure(html);
  return new DocumentBuilder(limits.maxTextChars).addBlocks(blocks).build(type, title ?? firstTopHeading(blocks));
}

export function parseHtml(html: string, limits: ParseLimits): ParsedDocument {
  return parsedDocumentFromHtml(html, 'html', limits);
}
