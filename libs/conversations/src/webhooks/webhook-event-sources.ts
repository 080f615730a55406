import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DocumentEvent, DocumentEvents, DocumentsRepository } from '@app/rag';
import { ConversationEvent, ConversationEvents } from '../events/conversation-events';
import { WebhookDispatcher } from './webhook-dispatcher';
import { isFinalDocumentEvent, webhookEventFromConversation, webhookEventFromDocument } from './webhook-event-mapping';
import { WebhookEvent } from './webhook.types';

/**
 * Listens to the buses where things happen and hands webhook events to the dispatcher. Conversation
 * events are published once, in the api process where they happen. Document events come from the
 * worker and, with REDIS_URL, reach every process that listens: each one dispatches, and the
 * deliveries' unique (webhook, event id) keeps exactly one delivery per webhook.
 */
@Injectable()
export class WebhookEventSources implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly unsubscribers: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly conversationEvents: ConversationEvents,
    private readonly documentEvents: DocumentEvents,
    private readonly documents: DocumentsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribers.push(
      this.conversationEvents.subscribe((event) => this.track(this.onConversationEvent(event))),
      this.documentEvents.subscribe((event) => this.track(this.onDocumentEvent(event))),
    );
  }

  /** Stops listening and lets the dispatches under way finish while the database is still open. */
  async onModuleDestroy(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }

  private async onConversationEvent(event: ConversationEvent): Promise<void> {
    const webhookEvent = webhookEventFromConversation(event);
    if (webhookEvent) await this.dispatch(webhookEvent);
  }

  private async onDocumentEvent(event: DocumentEvent): Promise<void> {
    if (!isFinalDocumentEvent(event)) return;
    const document = await this.documents.findById(event.tenantId, event.documentId);
    const webhookEvent = document && webhookEventFromDocument(event, document);
    if (webhookEvent) await this.dispatch(webhookEvent);
  }

  private async dispatch(event: WebhookEvent): Promise<void> {
    const created = await this.dispatcher.dispatch(event);
    if (created > 0) this.logger.debug(`${event.id}: ${created} deliveries`);
  }

  /** Listeners must not throw or leave a promise unobserved: a failure is logged and skipped. */
  private track(work: Promise<void>): void {
    const tracked = work.catch((error: Error) => this.logger.error(`webhook dispatch failed: ${error.message}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
