import type { ConversationState, WidgetTheme } from '@app/conversations';
import { element, markFailed, messageBubble, setBubbleText, transientBubble } from './bubbles';
import { readableTextColor, type WidgetPosition } from './config';
import type { WidgetMessage } from './message-store';
import { WIDGET_CSS } from './styles';

export interface PanelHandlers {
  send(text: string): void;
  requestHuman(): void;
  typing(): void;
  openChanged(open: boolean): void;
}

/** Longer messages are refused by the server anyway; the textarea stops the visitor earlier. */
export const MAX_MESSAGE_LENGTH = 4000;

const STATE_STATUS: Record<ConversationState, string> = {
  bot: '',
  pending_human: 'Waiting for a human agent to join…',
  human: 'You are chatting with a human agent.',
  resolved: 'This conversation is resolved.',
};

/**
 * The launcher and the chat panel in an open shadow root (open so tests and the host page's devtools
 * can look inside; nothing in it is secret). All message text goes through textContent.
 */
export class ChatPanel {
  private readonly root = element('div', { class: 'root' });
  private readonly launcher = element('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false' });
  private readonly panel = element('section', { class: 'panel', id: 'seed-chat-panel', role: 'dialog' });
  private readonly title = element('h2', { class: 'title', id: 'seed-chat-title' });
  private readonly status = element('p', { class: 'status', role: 'status' });
  private readonly log = element('div', { class: 'log', role: 'log', 'aria-live': 'polite', tabindex: '0' });
  private readonly greeting = transientBubble('greeting', '');
  private readonly typingLine = element('p', { class: 'typing', 'aria-live': 'polite' });
  private readonly input = element('textarea', { class: 'input', id: 'seed-chat-input', rows: '1' });
  private readonly humanButton = element('button', { class: 'human', type: 'button' }, 'Talk to a human');
  private connectionText = '';
  private noticeText = '';
  private stateText = '';
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    host: HTMLElement,
    position: WidgetPosition,
    private readonly handlers: PanelHandlers,
  ) {
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.append(element('style', {}, WIDGET_CSS), this.root);
    this.root.dataset.position = position;
    this.buildLauncher();
    this.buildPanel();
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  applyTheme(theme: WidgetTheme): void {
    this.root.style.setProperty('--seed-accent', theme.color);
    this.root.style.setProperty('--seed-on-accent', readableTextColor(theme.color));
    this.title.textContent = theme.title;
    this.launcher.setAttribute('aria-label', `Open chat: ${theme.title}`);
    this.log.setAttribute('aria-label', `${theme.title}: conversation`);
    setBubbleText(this.greeting, theme.greeting);
  }

  setOpen(open: boolean, moveFocus = true): void {
    if (open === this.isOpen) return;
    this.panel.hidden = !open;
    this.root.classList.toggle('open', open);
    this.launcher.setAttribute('aria-expanded', String(open));
    if (moveFocus) (open ? this.input : this.launcher).focus();
    if (open) this.scrollToEnd();
    this.handlers.openChanged(open);
  }

  /** Inserts a stored message in seq order, before the pending and streaming bubbles at the end. */
  showMessage(message: WidgetMessage, beforeSeq: number | null): void {
    const next =
      (beforeSeq === null ? null : this.log.querySelector(`[data-seq="${beforeSeq}"]`)) ??
      this.log.querySelector('[data-transient]');
    this.log.insertBefore(messageBubble(message), next);
    if (message.role !== 'visitor') this.setTyping(null);
    this.scrollToEnd();
  }

  /** Empties the transcript (another conversation was resumed); the greeting stays. */
  clearMessages(): void {
    this.log.replaceChildren(this.greeting);
  }

  showPending(localId: string, text: string): void {
    this.appendTransient(transientBubble('pending', text), { 'data-local-id': localId });
  }

  failPending(localId: string, reason: string): void {
    const bubble = this.transient('data-local-id', localId);
    if (bubble) markFailed(bubble, reason);
  }

  updateDraft(replyId: string, text: string): void {
    const bubble = this.transient('data-reply-id', replyId);
    if (bubble) setBubbleText(bubble, text);
    else this.appendTransient(transientBubble('draft', text), { 'data-reply-id': replyId });
    this.setTyping(null);
    this.scrollToEnd();
  }

  removeTransient(kind: 'local-id' | 'reply-id', id: string): void {
    this.transient(`data-${kind}`, id)?.remove();
  }

  setConnection(text: string): void {
    this.connectionText = text;
    this.renderStatus();
  }

  /** A one-off problem (a refused request); the next state change replaces it. */
  setNotice(text: string): void {
    this.noticeText = text;
    this.renderStatus();
  }

  setState(state: ConversationState): void {
    this.noticeText = '';
    this.stateText = STATE_STATUS[state];
    const focused = (this.root.getRootNode() as ShadowRoot).activeElement === this.humanButton;
    this.humanButton.disabled = state === 'pending_human' || state === 'human';
    // A disabled button drops its focus to the page body, where Escape and typing would be lost.
    if (focused && this.humanButton.disabled) this.input.focus();
    this.renderStatus();
  }

  /** "… is typing" for a few seconds after the last typing event (the server sends no "stopped"). */
  setTyping(role: 'bot' | 'human' | null): void {
    clearTimeout(this.typingTimer);
    this.typingLine.hidden = role === null;
    this.typingLine.textContent = role === null ? '' : `${role === 'bot' ? 'Assistant' : 'Agent'} is typing…`;
    if (role !== null) this.typingTimer = setTimeout(() => this.setTyping(null), 5_000);
  }

  private buildLauncher(): void {
    const svgNs = 'http://www.w3.org/2000/svg';
    const icon = document.createElementNS(svgNs, 'svg');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(svgNs, 'path');
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
    icon.append(path);
    this.launcher.append(icon);
    this.launcher.setAttribute('aria-controls', this.panel.id);
    this.launcher.addEventListener('click', () => this.setOpen(!this.isOpen));
    this.root.append(this.panel, this.launcher);
  }

  private buildPanel(): void {
    this.panel.hidden = true;
    this.panel.setAttribute('aria-labelledby', this.title.id);
    const close = element('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' }, '×');
    close.addEventListener('click', () => this.setOpen(false));
    const header = element('div', { class: 'header' });
    header.append(this.title, close);
    this.typingLine.hidden = true;
    this.log.append(this.greeting);
    this.humanButton.addEventListener('click', () => this.handlers.requestHuman());
    const actions = element('div', { class: 'actions' });
    actions.append(this.humanButton);
    this.panel.append(header, this.status, this.log, this.typingLine, this.buildComposer(), actions);
    // Escape anywhere in the panel closes it and gives focus back to the launcher.
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.setOpen(false);
      }
    });
  }

  private buildComposer(): HTMLFormElement {
    const form = element('form', { class: 'composer' });
    const label = element('label', { class: 'visually-hidden', for: this.input.id }, 'Your message');
    this.input.maxLength = MAX_MESSAGE_LENGTH;
    this.input.placeholder = 'Type your message…';
    const send = element('button', { class: 'send', type: 'submit' }, 'Send');
    form.append(label, this.input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter is a newline; an IME composition's Enter only confirms the composition.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.input.style.height = 'auto';
      this.input.style.height = `${this.input.scrollHeight}px`;
      this.handlers.typing();
    });
    return form;
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.input.style.height = 'auto';
    this.handlers.send(text);
    this.input.focus();
  }

  private appendTransient(bubble: HTMLElement, attributes: Record<string, string>): void {
    bubble.setAttribute('data-transient', '');
    for (const [name, value] of Object.entries(attributes)) bubble.setAttribute(name, value);
    this.log.append(bubble);
    this.scrollToEnd();
  }

  private transient(attribute: string, id: string): HTMLElement | null {
    for (const bubble of this.log.querySelectorAll<HTMLElement>(`[${attribute}]`)) {
      if (bubble.getAttribute(attribute) === id) return bubble;
    }
    return null;
  }

  private renderStatus(): void {
    this.status.textContent = this.connectionText || this.noticeText || this.stateText;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
