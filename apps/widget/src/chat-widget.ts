import type { WidgetSession } from '@app/conversations';
import { resolveTheme, type WidgetOptions } from './config';
import { type ConnectionStatus, type ResumePoint, WidgetConnection } from './connection';
import { MessageStore, type WidgetMessage } from './message-store';
import { ChatPanel } from './panel';
import { WidgetStorage } from './storage';

/** Wires the socket, the conversation state and the panel together; owns no DOM and no socket itself. */
export class ChatWidget {
  private readonly store = new MessageStore();
  private readonly storage: WidgetStorage;
  private readonly panel: ChatPanel;
  private readonly connection: WidgetConnection;
  /** The lastSeq the current socket was opened with: a resumed conversation it does not match needs a replay. */
  private handshakeLastSeq = 0;
  private refused = false;

  constructor(
    host: HTMLElement,
    private readonly options: WidgetOptions,
  ) {
    this.storage = new WidgetStorage(options.siteKey);
    this.panel = new ChatPanel(host, options.position, {
      send: (text) => void this.send(text),
      requestHuman: () => void this.requestHuman(),
      typing: () => this.connection.typing(),
      openChanged: (open) => (this.storage.panelOpen = open),
    });
    this.panel.applyTheme(resolveTheme(null, options.overrides));
    // Without a visitor token the server starts a new conversation: an old transcript would be wrong.
    if (this.storage.visitorToken && this.store.restore(this.storage.loadTranscript())) {
      for (const message of this.store.messages()) this.panel.showMessage(message, null);
    }
    this.connection = new WidgetConnection(
      options,
      () => this.resumePoint(),
      (status) => this.showConnection(status),
      () => this.forgetVisitor(),
    );
    this.listen();
    this.connection.connect();
    if (this.storage.panelOpen) this.panel.setOpen(true, false);
  }

  private listen(): void {
    this.connection.on('session', (session) => this.startSession(session));
    this.connection.on('message', (message) => this.receive(message));
    this.connection.on('reply.token', ({ replyId, token }) => {
      const draft = this.store.appendToken(replyId, token);
      if (draft) this.panel.updateDraft(replyId, draft.text);
      else this.panel.setTyping('bot');
    });
    this.connection.on('reply.cancelled', ({ replyId }) => {
      if (this.store.cancelDraft(replyId)) this.panel.removeTransient('reply-id', replyId);
    });
    this.connection.on('state', ({ state }) => this.panel.setState(state));
    this.connection.on('typing', ({ role }) => this.panel.setTyping(role));
  }

  private resumePoint(): ResumePoint {
    const visitorToken = this.storage.visitorToken;
    this.handshakeLastSeq = visitorToken ? this.store.lastSeq : 0;
    return { visitorToken, lastSeq: this.handshakeLastSeq };
  }

  private startSession(session: WidgetSession): void {
    this.storage.visitorToken = session.visitorToken;
    // Tokens streamed while offline are lost: the stored reply replaces a draft that would show a gap.
    for (const replyId of this.store.abandonDrafts()) this.panel.removeTransient('reply-id', replyId);
    if (this.store.bindConversation(session.conversationId)) {
      this.panel.clearMessages();
      this.storage.saveTranscript(null);
      // The server replayed after a seq of another conversation: ask again from the start.
      if (this.handshakeLastSeq > 0) return this.connection.restart();
    }
    this.panel.applyTheme(resolveTheme(session.theme, this.options.overrides));
    this.panel.setState(session.state);
  }

  private receive(message: WidgetMessage): void {
    // Replays, acks and broadcasts overlap on purpose: the seq decides what is new.
    const { added, beforeSeq } = this.store.add(message);
    if (!added) return;
    const draftId = this.store.settleDraft(message);
    if (draftId) this.panel.removeTransient('reply-id', draftId);
    const localId = this.store.settlePending(message);
    this.panel.showMessage(message, beforeSeq);
    if (localId) this.panel.removeTransient('local-id', localId);
    this.storage.saveTranscript(this.store.snapshot());
  }

  private async send(text: string): Promise<void> {
    const localId = this.store.addPending(text);
    this.panel.showPending(localId, text);
    if (this.refused) return this.failPending(localId, 'the chat is unavailable');
    const ack = await this.connection.sendMessage(text);
    if (ack.ok) this.receive(ack.message);
    else this.failPending(localId, ack.error.message);
  }

  private failPending(localId: string, reason: string): void {
    this.store.dropPending(localId);
    this.panel.failPending(localId, reason);
  }

  private async requestHuman(): Promise<void> {
    const ack = await this.connection.requestHuman();
    if (ack.ok) this.panel.setState(ack.state);
    else this.panel.setNotice(`Could not reach a human agent: ${ack.error.message}`);
  }

  private forgetVisitor(): void {
    this.storage.visitorToken = undefined;
    this.storage.saveTranscript(null);
  }

  private showConnection(status: ConnectionStatus): void {
    this.refused = status.kind === 'refused' || status.kind === 'closed';
    switch (status.kind) {
      case 'connecting':
        return this.panel.setConnection('Connecting…');
      case 'online':
        return this.panel.setConnection('');
      case 'offline':
        return this.panel.setConnection('Connection lost. Reconnecting…');
      case 'closed':
        return this.panel.setConnection('The chat was closed. Reload the page to start again.');
      case 'refused':
        // The site owner needs the reason (site key, allowed origins) more than the visitor does.
        console.warn(`[seed-chat] the server refused the chat: ${status.error.code}: ${status.error.message}`);
        return this.panel.setConnection('The chat is unavailable right now.');
    }
  }
}
