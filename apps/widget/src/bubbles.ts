import type { MessageRole } from '@app/conversations';
import { citationLinks, splitAnswer } from './citations';
import type { WidgetMessage } from './message-store';

const SPEAKER: Record<MessageRole, string> = { visitor: 'You', bot: 'Assistant', human: 'Agent', system: '' };

/**
 * Builds an element. Text only ever goes through textContent: messages may contain HTML or script
 * (a visitor, an agent or a document can write anything) and must show as the characters typed.
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A link that opens outside the host page and gives it no handle on the opener. */
function externalLink(href: string, text: string, label?: string): HTMLAnchorElement {
  const link = element('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);
  if (label) link.setAttribute('aria-label', label);
  return link;
}

/** A stored message: who wrote it, its text with `[n]` markers linked, and its numbered sources. */
export function messageBubble(message: WidgetMessage): HTMLElement {
  const bubble = element('div', { class: `msg msg-${message.role}`, 'data-seq': String(message.seq) });
  const speaker = SPEAKER[message.role] ?? '';
  if (speaker) {
    bubble.append(element('span', { class: message.role === 'visitor' ? 'who visually-hidden' : 'who' }, speaker));
  }
  const sources = citationLinks(message.citations);
  const hrefs = new Map(sources.map((source) => [source.n, source.href]));
  const text = element('p', { class: 'text' });
  for (const segment of splitAnswer(message.text, new Set(hrefs.keys()))) {
    const href = 'n' in segment ? hrefs.get(segment.n) : null;
    if ('n' in segment && href) text.append(externalLink(href, segment.marker, `Source ${segment.n}`));
    else text.append(document.createTextNode('n' in segment ? segment.marker : segment.text));
  }
  bubble.append(text);
  if (sources.length > 0) {
    const list = element('ol', { class: 'sources', 'aria-label': 'Sources' });
    for (const source of sources) {
      const item = element('li');
      const caption = `${source.label} ${source.title}`;
      item.append(source.href ? externalLink(source.href, caption) : element('span', {}, caption));
      list.append(item);
    }
    bubble.append(list);
  }
  return bubble;
}

/**
 * A bubble that is not a stored message yet: the greeting, a visitor message awaiting its ack, or a
 * reply being streamed. The last two are hidden from screen readers: the stored message replaces them
 * and is announced once, instead of every token.
 */
export function transientBubble(kind: 'greeting' | 'pending' | 'draft', text: string): HTMLElement {
  const role = kind === 'pending' ? 'visitor' : 'bot';
  const bubble = element('div', { class: `msg msg-${role} msg-${kind}` });
  if (kind !== 'greeting') bubble.setAttribute('aria-hidden', 'true');
  if (kind === 'draft') bubble.append(element('span', { class: 'who' }, SPEAKER.bot));
  bubble.append(element('p', { class: 'text' }, text));
  return bubble;
}

/** Rewrites a transient bubble's text as tokens stream in. */
export function setBubbleText(bubble: HTMLElement, text: string): void {
  const paragraph = bubble.querySelector('.text');
  if (paragraph) paragraph.textContent = text;
}

/** Marks a visitor message the server refused, saying why. */
export function markFailed(bubble: HTMLElement, reason: string): void {
  bubble.classList.remove('msg-pending');
  bubble.classList.add('msg-failed');
  bubble.removeAttribute('aria-hidden');
  bubble.append(element('span', { class: 'note', role: 'alert' }, `Not sent: ${reason}`));
}
