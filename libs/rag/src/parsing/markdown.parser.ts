import MarkdownIt from 'markdown-it';
import { parsedDocumentFromHtml } from './html.parser';
import { ParsedDocument, ParseLimits } from './parsed-document.types';
import { cleanInline } from './text-cleaner';

// Raw HTML inside Markdown is allowed through so it is sanitised like any HTML upload, instead of
// showing up as literal tags in the text.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

/** YAML front matter is metadata, not content; its `title:` is the best title we can get. */
function splitFrontMatter(source: string): { body: string; title?: string } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { body: source };
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(match[1])?.[1];
  return { body: source.slice(match[0].length), title };
}

export function parseMarkdown(source: string, limits: ParseLimits): ParsedDocument {
  const { body, title } = splitFrontMatter(source.replace(/\r\n?/g, '\n'));
  const parsed = parsedDocumentFromHtml(markdown.render(body), 'markdown', limits);
  const cleanTitle = title ? cleanInline(title) : '';
  return cleanTitle ? { ...parsed, title: cleanTitle } : parsed;
}
