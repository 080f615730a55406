import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Conversation,
  ConversationEvents,
  Message,
  verifyWebhookSignature,
  WEBHOOK_DELIVERY_QUEUE,
  WebhookDispatcher,
  WebhookEvent,
  WebhookEventType,
} from '@app/conversations';
import { WebhookDeliveryReconciler } from '../../../libs/conversations/src/webhooks/webhook-delivery.reconciler';
import { startWebhookReceiver, WebhookReceiver } from '../../support/webhook-receiver';
import { waitFor } from '../../support/wait-for';
import { createWebhooksTestContext, WebhooksTestContext } from './webhooks-test-context';

describe('webhook dispatch and delivery (real receiver, real database)', () => {
  let ctx: WebhooksTestContext;
  let receiver: WebhookReceiver;
  /** What the receiver answers, per delivery try; each test sets its own. */
  let answer: (attempt: number) => number;
  let events = 0;

  const newEvent = (tenantId: string, type: WebhookEventType = 'message.created'): WebhookEvent => ({
    id: `${type}:test-${++events}`,
    type,
    createdAt: new Date().toISOString(),
    tenantId,
    data: { n: events },
  });
  const dispatch = (event: WebhookEvent) => ctx.app.get(WebhookDispatcher).dispatch(event);
  const deliveriesOf = async (tenantId: string, webhookId: string) =>
    (await ctx.webhooks.listDeliveries(tenantId, webhookId, { limit: 100 })).data;
  /** A tenant with one webhook on the receiver and one dispatched event: the delivery to try. */
  const oneDelivery = async (url = receiver.url) => {
    const tenantId = await ctx.newTenantId();
    const webhook = await ctx.subscribe(tenantId, url, ['message.created']);
    const event = newEvent(tenantId);
    await dispatch(event);
    const [delivery] = await deliveriesOf(tenantId, webhook.id);
    const reload = () => ctx.webhooks.getDelivery(tenantId, webhook.id, delivery.id);
    return { tenantId, webhook, event, delivery, reload };
  };
  const requestsOf = (deliveryId: string) =>
    receiver.received.filter((request) => request.headers['seed-delivery-id'] === deliveryId);

  beforeAll(async () => {
    ctx = await createWebhooksTestContext();
    receiver = await startWebhookReceiver(({ attempt }) => answer(attempt));
  });

  afterAll(async () => {
    await receiver?.close();
    await ctx?.close();
  });

  beforeEach(() => (answer = () => 200));

  it("creates one delivery per subscribed, active webhook of the event's tenant, once per event", async () => {
    const tenantId = await ctx.newTenantId();
    const subscribed = await ctx.subscribe(tenantId, receiver.url, ['message.created', 'document.ready']);
    const otherType = await ctx.subscribe(tenantId, receiver.url, ['document.ready']);
    const disabled = await ctx.subscribe(tenantId, receiver.url, ['message.created']);
    await ctx.webhooks.update(tenantId, disabled.id, { active: false });
    const otherTenant = await ctx.newTenantId();
    const elsewhere = await ctx.subscribe(otherTenant, receiver.url, ['message.created']);

    const event = newEvent(tenantId);
    // The same fact seen by several processes at once (Redis fan-out): one delivery in all.
    const created = await Promise.all([dispatch(event), dispatch(event), dispatch(event)]);
    expect(created.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(await dispatch(event)).toBe(0);

    const [delivery, ...more] = await deliveriesOf(tenantId, subscribed.id);
    expect(more).toHaveLength(0);
    expect(delivery).toMatchObject({ eventId: event.id, eventType: 'message.created', status: 'pending', attempts: 0 });
    expect(delivery.payload).toEqual(event);
    for (const [owner, webhookId] of [
      [tenantId, otherType.id],
      [tenantId, disabled.id],
      [otherTenant, elsewhere.id],
    ]) {
      expect(await deliveriesOf(owner, webhookId)).toHaveLength(0);
    }
    // One job per delivery, whose id is the delivery id.
    expect(await ctx.queue.getJob(WEBHOOK_DELIVERY_QUEUE, delivery.id)).toMatchObject({ state: 'waiting' });
  });

  it('records each failed try, retries, and delivers once the receiver accepts; every try is signed', async () => {
    answer = (attempt) => (attempt <= 2 ? 500 : 200);
    const { webhook, event, delivery, reload } = await oneDelivery();

    await expect(ctx.runTry(event.tenantId, delivery.id, 0)).rejects.toThrow(/HTTP 500/);
    expect(await reload()).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500: receiver says no',
    });
    expect((await reload()).nextAttemptAt).toBeInstanceOf(Date);
    await expect(ctx.runTry(event.tenantId, delivery.id, 1)).rejects.toThrow(/HTTP 500/);
    await ctx.runTry(event.tenantId, delivery.id, 2);

    const done = await reload();
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null });
    expect(done.deliveredAt).toBeInstanceOf(Date);
    expect(done.nextAttemptAt).toBeNull();
    const requests = requestsOf(delivery.id);
    expect(requests.map((request) => request.status)).toEqual([500, 500, 200]);
    for (const request of requests) {
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'seed-webhook-id': webhook.id,
        'seed-event-type': 'message.created',
        'seed-delivery-id': delivery.id,
      });
      const { 'seed-timestamp': timestamp, 'seed-signature': signature } = request.headers;
      expect(verifyWebhookSignature(webhook.secret, String(timestamp), request.body, String(signature), 300)).toBe(
        true,
      );
      expect(JSON.parse(request.body)).toEqual(event);
    }
  });

  it('marks a delivery dead after WEBHOOK_MAX_ATTEMPTS failed tries and sends nothing more', async () => {
    answer = () => 503;
    const { event, delivery, reload } = await oneDelivery();
    await expect(ctx.runTry(event.tenantId, delivery.id, 0)).rejects.toThrow();
    await expect(ctx.runTry(event.tenantId, delivery.id, 1)).rejects.toThrow();
    await ctx.runTry(event.tenantId, delivery.id, 2); // the last try: recorded, not retried
    expect(await reload()).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 503, nextAttemptAt: null });
    await ctx.runTry(event.tenantId, delivery.id, 0); // a duplicate job finds the delivery final
    expect(requestsOf(delivery.id)).toHaveLength(3);
  });

  it('records why a receiver could not be reached: refused, silent past the timeout, redirecting', async () => {
    const closed = await startWebhookReceiver();
    await closed.close();
    const refused = await oneDelivery(closed.url);
    await expect(ctx.runTry(refused.tenantId, refused.delivery.id, 0)).rejects.toThrow();
    expect(await refused.reload()).toMatchObject({
      lastStatusCode: null,
      lastError: 'cannot reach the URL (ECONNREFUSED)',
    });

    const silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((ready) => silent.listen(0, '127.0.0.1', ready));
    try {
      const slow = await oneDelivery(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`);
      await expect(ctx.runTry(slow.tenantId, slow.delivery.id, 0)).rejects.toThrow();
      expect(await slow.reload()).toMatchObject({ lastError: 'no answer within 500 ms' });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }

    answer = () => 302;
    const redirected = await oneDelivery();
    await expect(ctx.runTry(redirected.tenantId, redirected.delivery.id, 0)).rejects.toThrow();
    expect(await redirected.reload()).toMatchObject({ lastStatusCode: 302, status: 'failed' });
  });

  it('sends nothing for a webhook disabled or deleted while its delivery waited', async () => {
    const disabled = await oneDelivery();
    await ctx.webhooks.update(disabled.tenantId, disabled.webhook.id, { active: false });
    await ctx.runTry(disabled.tenantId, disabled.delivery.id, 0);
    expect(await disabled.reload()).toMatchObject({
      status: 'dead',
      attempts: 0,
      lastError: expect.stringMatching(/disabled/),
    });

    const deleted = await oneDelivery();
    await ctx.webhooks.delete(deleted.tenantId, deleted.webhook.id);
    await ctx.runTry(deleted.tenantId, deleted.delivery.id, 0);
    expect(requestsOf(disabled.delivery.id).length + requestsOf(deleted.delivery.id).length).toBe(0);
  });

  it('redelivers an event as a new delivery that points at the original', async () => {
    answer = () => 500;
    const { tenantId, webhook, event, delivery, reload } = await oneDelivery();
    for (const tries of [0, 1, 2]) await ctx.runTry(tenantId, delivery.id, tries).catch(() => undefined);
    expect((await reload()).status).toBe('dead');

    answer = () => 204;
    const again = await ctx.webhooks.redeliver(tenantId, webhook.id, delivery.id);
    expect(again).toMatchObject({ eventId: event.id, status: 'pending', attempts: 0, redeliveryOf: delivery.id });
    expect(await ctx.queue.getJob(WEBHOOK_DELIVERY_QUEUE, again.id)).toMatchObject({ state: 'waiting' });
    await ctx.runTry(tenantId, again.id, 0);
    expect(await ctx.webhooks.getDelivery(tenantId, webhook.id, again.id)).toMatchObject({
      status: 'delivered',
      lastStatusCode: 204,
    });
    expect((await reload()).status).toBe('dead'); // the original's log is unchanged
    expect(JSON.parse(requestsOf(again.id)[0].body)).toEqual(event); // same event id for the receiver
  });

  it('turns conversation events published on the bus into deliveries, each fact once', async () => {
    const tenantId = await ctx.newTenantId();
    const webhook = await ctx.subscribe(tenantId, receiver.url, ['message.created', 'handoff.requested']);
    const conversation = conversationFixture(tenantId);
    const message = messageFixture(conversation);
    const bus = ctx.app.get(ConversationEvents);
    bus.publish({ type: 'message.created', tenantId, conversation, message });
    bus.publish({ type: 'message.created', tenantId, conversation, message });
    bus.publish({ type: 'conversation.created', tenantId, conversation }); // not subscribed
    bus.publish({
      type: 'conversation.state_changed',
      tenantId,
      conversation: { ...conversation, state: 'pending_human' },
      from: 'bot',
      to: 'pending_human',
      reason: 'visitor asked for a human',
    });
    const deliveries = await waitFor('two deliveries', async () => {
      const found = await deliveriesOf(tenantId, webhook.id);
      return found.length >= 2 && found;
    });
    expect(deliveries.map((delivery) => delivery.eventId).sort()).toEqual([
      `handoff.requested:${conversation.id}:${conversation.updatedAt}`,
      `message.created:${message.id}`,
    ]);
    expect(deliveries.find((d) => d.eventType === 'message.created')?.payload.data).toMatchObject({
      message: { id: message.id, text: 'Where is my parcel?' },
      conversation: { id: conversation.id },
    });
  });

  it('queues again, at worker start, a delivery whose job was never queued', async () => {
    const tenantId = await ctx.newTenantId();
    await ctx.subscribe(tenantId, receiver.url, ['document.failed']);
    // The insert without the enqueue: what a process dying in between leaves behind.
    const [orphan] = await ctx.deliveries.insertForSubscribers(newEvent(tenantId, 'document.failed'));
    expect(await ctx.queue.getJob(WEBHOOK_DELIVERY_QUEUE, orphan.id)).toBeNull();
    await ctx.app.get(WebhookDeliveryReconciler).onApplicationBootstrap();
    expect(await ctx.queue.getJob(WEBHOOK_DELIVERY_QUEUE, orphan.id)).toMatchObject({ state: 'waiting' });
  });
});

function conversationFixture(tenantId: string): Conversation {
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    tenantId,
    agentId: crypto.randomUUID(),
    contactId: crypto.randomUUID(),
    channel: 'widget',
    state: 'bot',
    assigneeId: null,
    intent: null,
    handoffCount: 0,
    lastSeq: 1,
    pendingConfirmation: null,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
  };
}

function messageFixture(conversation: Conversation): Message {
  return {
    id: crypto.randomUUID(),
    tenantId: conversation.tenantId,
    conversationId: conversation.id,
    seq: 1,
    role: 'visitor',
    text: 'Where is my parcel?',
    citations: [],
    trace: null,
    authorId: null,
    createdAt: conversation.createdAt,
  };
}
