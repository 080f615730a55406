import { load } from 'cheerio';
import { StructureBlock } from './document-builder';

/** The slice of the parser's DOM this module reads; keeps us off domhandler's own types. */
interface HtmlNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: HtmlNode[];
}

// Never rendered or executed, only skipped: their text is code, styling or widget chrome, not content.
// prettier-ignore
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'head',
  'select', 'textarea', 'button', 'input',
]);
// prettier-ignore
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p',
  'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'ul',
]);
const HEADING = /^h([1-6])$/;

function isHidden(node: HtmlNode): boolean {
  const attribs = node.attribs ?? {};
  return (
    'hidden' in attribs ||
    attribs['aria-hidden'] === 'true' ||
    /display\s*:\s*none|visibility\s*:\s*hidden/i.test(attribs.style ?? '')
  );
}

function isSkipped(node: HtmlNode): boolean {
  return node.type === 'script' || node.type === 'style' || DROPPED.has(node.name ?? '') || isHidden(node);
}

/** Visible text of a subtree, whitespace collapsed as a browser would. */
function visibleText(node: HtmlNode): string {
  if (node.type === 'text') return (node.data ?? '').replace(/\s+/g, ' ');
  if (node.type !== 'tag' || isSkipped(node)) return '';
  if (node.name === 'br') return '\n';
  return (node.children ?? []).map(visibleText).join('');
}

function rawText(node: HtmlNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.type !== 'tag' || isSkipped(node)) return '';
  return (node.children ?? []).map(rawText).join('');
}

class BlockCollector {
  readonly blocks: StructureBlock[] = [];
  private inline = '';

  walk(node: HtmlNode): void {
    if (node.type === 'text') {
      this.inline += (node.data ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    if (node.type === 'tag' && isSkipped(node)) return;
    this.walkElement(node, node.name ?? '');
  }

  flush(): void {
    if (this.inline.trim()) this.blocks.push({ kind: 'paragraph', text: this.inline });
    this.inline = '';
  }

  private walkElement(node: HtmlNode, name: string): void {
    const heading = HEADING.exec(name);
    if (heading) return this.emit({ kind: 'heading', level: Number(heading[1]), text: visibleText(node) });
    if (name === 'br') {
      this.inline += '\n';
      return;
    }
    if (name === 'pre') return this.emit({ kind: 'paragraph', text: rawText(node), preformatted: true });
    if (name === 'tr') {
      const cells = (node.children ?? []).filter((child) => child.name === 'td' || child.name === 'th');
      return this.emit({ kind: 'paragraph', text: cells.map((cell) => visibleText(cell).trim()).join(' | ') });
    }
    const isBlock = BLOCKS.has(name);
    if (isBlock) this.flush();
    if (name === 'li') this.inline = '- ';
    for (const child of node.children ?? []) this.walk(child);
    if (isBlock) this.flush();
  }

  private emit(block: StructureBlock): void {
    this.flush();
    this.blocks.push(block);
  }
}

export interface HtmlStructure {
  title?: string;
  blocks: StructureBlock[];
}

/**
 * Reads HTML with a spec-compliant parser (parse5 via cheerio) into headings and text blocks. Nothing
 * is executed or rendered: scripts, styles, embeds and event-handler attributes never reach the text.
 */
export function extractHtmlStructure(html: string): HtmlStructure {
  const $ = load(html);
  const title = $('head > title').first().text().trim() || undefined;
  const body = ($('body')[0] ?? $.root()[0]) as unknown as HtmlNode;
  const collector = new BlockCollector();
  collector.walk(body);
  collector.flush();
  return { title, blocks: collector.blocks };
}

/** The first level-1 heading, the usual title of fragments (Markdown, DOCX) that have no <title>. */
export function firstTopHeading(blocks: StructureBlock[]): string | undefined {
  const heading = blocks.find((block) => block.kind === 'heading' && block.level === 1);
  return heading?.text.trim() || undefined;
}
