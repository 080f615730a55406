import { ConversationsService, verifyWebhookSignature, WebhookDispatcher } from '@app/conversations';
import { DocumentEvents } from '@app/rag';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestApp, TestApp } from '../support/test-app';
import { startWebhookReceiver, WebhookReceiver } from '../support/webhook-receiver';
import { waitFor } from '../support/wait-for';

/** Three tries, milliseconds apart: a delivery reaches `dead` quickly and nothing waits on a clock. */
const WEBHOOK_ENV = { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_TIMEOUT_MS: '5000' };

describe('webhooks (HTTP, real receivers)', () => {
  let t: TestApp;
  let acme: ReturnType<typeof knowledgeClient>;
  let globex: ReturnType<typeof knowledgeClient>;
  let acmeTenantId: string;
  /** Fails each delivery's first two tries with 500, then accepts. */
  let flaky: WebhookReceiver;
  /** Fails every try while `refusing`. */
  let refusing = true;
  let stubborn: WebhookReceiver;

  const send = (client: typeof acme, method: string, path: string, body?: unknown) =>
    client.call(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const createWebhook = async (client: typeof acme, body: Record<string, unknown>) => {
    const response = await send(client, 'POST', '/v1/webhooks', body);
    expect(response.status).toBe(201);
    return json(response);
  };
  const deliveries = async (client: typeof acme, webhookId: string, query = '') =>
    json(await client.call(`/v1/webhooks/${webhookId}/deliveries${query}`));
  const settledDelivery = (webhookId: string, eventId: string) =>
    waitFor(`delivery of ${eventId} to settle`, async () => {
      const found = (await deliveries(acme, webhookId)).data.find((d: { eventId: string }) => d.eventId === eventId);
      return ['delivered', 'dead'].includes(found?.status) && found;
    });

  beforeAll(async () => {
    const saved = Object.fromEntries(Object.keys(WEBHOOK_ENV).map((key) => [key, process.env[key]]));
    Object.assign(process.env, WEBHOOK_ENV);
    try {
      t = await startTestApp();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    const tenant = await t.newTenant('acme');
    acmeTenantId = tenant.tenantId;
    acme = knowledgeClient(t, tenant.adminKey);
    globex = knowledgeClient(t, (await t.newTenant('globex')).adminKey);
    flaky = await startWebhookReceiver(({ attempt }) => (attempt <= 2 ? 500 : 200));
    stubborn = await startWebhookReceiver(() => (refusing ? 500 : 200));
  });

  afterAll(async () => {
    await flaky?.close();
    await stubborn?.close();
    await t?.close();
  });

  it('manages webhooks, showing the signing secret only when it is created or rotated', async () => {
    const created = await createWebhook(acme, {
      url: 'https://crm.example/hooks/seed',
      events: ['message.created', 'handoff.requested', 'message.created'],
      description: 'CRM sync',
    });
    expect(created).toMatchObject({
      url: 'https://crm.example/hooks/seed',
      events: ['message.created', 'handoff.requested'],
      description: 'CRM sync',
      active: true,
    });
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const path = `/v1/webhooks/${created.id}`;

    const listed = await acme.call('/v1/webhooks');
    const fetched = await acme.call(path);
    for (const response of [listed, fetched]) expect(await response.text()).not.toContain(created.secret);
    expect(await json(await acme.call(path))).not.toHaveProperty('secret');

    const updated = await json(await send(acme, 'PATCH', path, { active: false, events: ['conversation.resolved'] }));
    expect(updated).toMatchObject({ active: false, events: ['conversation.resolved'], description: 'CRM sync' });

    const rotated = await send(acme, 'POST', `${path}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const { secret } = await json(rotated);
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(created.secret);
    expect(await (await acme.call(path)).text()).not.toContain(secret);

    const openApi = await json(await fetch(`${t.baseUrl}/openapi.json`));
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining(['/v1/webhooks/{id}/rotate-secret', '/v1/webhooks/{webhookId}/deliveries/{id}/redeliver']),
    );

    expect((await send(acme, 'DELETE', path)).status).toBe(204);
    expect((await acme.call(path)).status).toBe(404);
  });

  it('refuses bad input with a 400 that names the problem', async () => {
    const refused = async (method: string, path: string, body: unknown, status = 400) => {
      const response = await send(acme, method, path, body);
      expect(response.status).toBe(status);
      const error = await json(response);
      expect(error).toMatchObject({ statusCode: status, code: expect.any(String), requestId: expect.any(String) });
      return error.message as string;
    };
    const events = ['document.ready'];
    expect(await refused('POST', '/v1/webhooks', { url: 'ftp://files.example/in', events })).toMatch(
      /url: expected an http:\/\/ or https:\/\/ URL/,
    );
    expect(await refused('POST', '/v1/webhooks', { url: 'not a url', events })).toMatch(/^url:/);
    expect(
      await refused('POST', '/v1/webhooks', {
        url: 'https://crm.example',
        events: ['document.ready', 'conversation.exploded'],
      }),
    ).toMatch(/events\.1: unknown event "conversation\.exploded"; expected one of conversation\.created/);
    expect(await refused('POST', '/v1/webhooks', { url: 'https://crm.example', events: [] })).toMatch(
      /events: expected at least one event/,
    );
    expect(await refused('POST', '/v1/webhooks', { url: 'https://crm.example' })).toMatch(/events:/);
    expect(await refused('POST', '/v1/webhooks', { url: 'https://crm.example', events, secret: 'mine' })).toMatch(
      /secret/,
    );
    expect(await refused('GET', '/v1/webhooks/not-a-uuid', undefined)).toMatch(/expected a UUID/);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await refused('GET', `/v1/webhooks/${missing}`, undefined, 404)).toMatch(/Webhook .* not found/);

    const { id } = await createWebhook(acme, { url: 'https://crm.example', events });
    expect(await refused('PATCH', `/v1/webhooks/${id}`, {})).toMatch(/expected at least one of url, events/);
    expect(await refused('PATCH', `/v1/webhooks/${id}`, { active: 'yes' })).toMatch(/active:/);
    expect(await refused('GET', `/v1/webhooks/${id}/deliveries?cursor=bogus`, undefined)).toMatch(/cursor:/);
    expect(await refused('GET', `/v1/webhooks/${id}/deliveries?status=lost`, undefined)).toMatch(
      /status: expected one of pending, delivered, failed, dead/,
    );
    expect(await refused('GET', `/v1/webhooks/${id}/deliveries?limit=0`, undefined)).toMatch(/limit:/);
    expect(await refused('GET', `/v1/webhooks/${id}/deliveries/${missing}`, undefined, 404)).toMatch(/not found/);

    const integration = await json(await send(acme, 'POST', '/v1/api-keys', { name: 'crm', scopes: ['integration'] }));
    const asIntegration = await fetch(`${t.baseUrl}/v1/webhooks`, {
      headers: { authorization: `Bearer ${integration.key}` },
    });
    expect(asIntegration.status).toBe(403);
    expect((await fetch(`${t.baseUrl}/v1/webhooks`)).status).toBe(401);
  });

  it('delivers document events through a receiver that fails twice, signed, once per document version', async () => {
    const webhook = await createWebhook(acme, { url: flaky.url, events: ['document.ready', 'document.failed'] });
    const elsewhere = await createWebhook(globex, { url: flaky.url, events: ['document.ready', 'document.failed'] });
    const collectionId = await acme.createCollection('help');
    const uploaded = (await json(await acme.uploadText(collectionId, 'Refunds', 'Refunds take five days.'))).data[0];
    const document = await acme.settled(collectionId, uploaded.id);
    expect(document.status).toBe('ready');

    const eventId = `document.ready:${document.id}:${document.contentHash}`;
    const delivery = await settledDelivery(webhook.id, eventId);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, nextAttemptAt: null });
    const requests = flaky.received.filter((r) => r.headers['seed-delivery-id'] === delivery.id);
    expect(requests.map((r) => r.status)).toEqual([500, 500, 200]);
    for (const request of requests) {
      const { 'seed-timestamp': timestamp, 'seed-signature': signature } = request.headers;
      expect(verifyWebhookSignature(webhook.secret, String(timestamp), request.body, String(signature), 300)).toBe(
        true,
      );
      expect(request.headers).toMatchObject({ 'seed-webhook-id': webhook.id, 'seed-event-type': 'document.ready' });
      expect(JSON.parse(request.body)).toMatchObject({
        id: eventId,
        type: 'document.ready',
        tenantId: acmeTenantId,
        createdAt: expect.any(String),
        data: { document: { id: document.id, collectionId, status: 'ready', chunkCount: document.chunkCount } },
      });
    }

    // The same event again (every api process hears it with Redis): it collapses into the delivery.
    const events = t.app.get(DocumentEvents);
    for (let i = 0; i < 3; i++) {
      await events.publish({ ...documentEvent(acmeTenantId, document), status: 'ready', progress: 100 });
    }
    const empty = (await json(await acme.uploadFiles(collectionId, [{ name: 'empty.txt', bytes: Buffer.alloc(0) }])))
      .data[0];
    expect((await acme.settled(collectionId, empty.id)).status).toBe('failed');
    const failed = await waitFor('the document.failed delivery', async () => {
      const found = (await deliveries(acme, webhook.id)).data.find((d: { eventType: string }) => {
        return d.eventType === 'document.failed';
      });
      return found?.status === 'delivered' && found;
    });
    const detail = await json(await acme.call(`/v1/webhooks/${webhook.id}/deliveries/${failed.id}`));
    expect(detail.payload.data.document).toMatchObject({ id: empty.id, status: 'failed', error: expect.any(String) });

    const all = (await deliveries(acme, webhook.id)).data;
    expect(all.map((d: { eventType: string }) => d.eventType)).toEqual(['document.failed', 'document.ready']);
    const firstPage = await deliveries(acme, webhook.id, '?limit=1');
    expect(firstPage.data.map((d: { id: string }) => d.id)).toEqual([failed.id]);
    const secondPage = await deliveries(acme, webhook.id, `?limit=1&cursor=${firstPage.nextCursor}`);
    expect(secondPage).toEqual({ data: [expect.objectContaining({ id: delivery.id })], nextCursor: null });
    // Another tenant's webhook heard nothing of acme's documents.
    expect((await deliveries(globex, elsewhere.id)).data).toHaveLength(0);
  });

  it("keeps each tenant's webhooks and delivery logs to itself", async () => {
    const webhook = await createWebhook(acme, { url: flaky.url, events: ['conversation.created'] });
    const event = {
      id: 'conversation.created:isolation',
      type: 'conversation.created' as const,
      createdAt: new Date().toISOString(),
      tenantId: acmeTenantId,
      data: {},
    };
    expect(await t.app.get(WebhookDispatcher).dispatch(event)).toBe(1);
    const [anyDelivery] = (await deliveries(acme, webhook.id)).data;
    const paths = [
      `/v1/webhooks/${webhook.id}`,
      `/v1/webhooks/${webhook.id}/deliveries`,
      `/v1/webhooks/${webhook.id}/deliveries/${anyDelivery.id}`,
    ];
    for (const path of paths) expect((await globex.call(path)).status).toBe(404);
    expect((await send(globex, 'PATCH', paths[0], { active: false })).status).toBe(404);
    expect((await send(globex, 'POST', `${paths[0]}/rotate-secret`)).status).toBe(404);
    expect((await send(globex, 'POST', `${paths[2]}/redeliver`)).status).toBe(404);
    expect((await send(globex, 'DELETE', paths[0])).status).toBe(404);
    const globexList = (await json(await globex.call('/v1/webhooks'))).data;
    expect(globexList.map((w: { id: string }) => w.id)).not.toContain(webhook.id);
    expect((await acme.call(paths[0])).status).toBe(200);
  });

  it('sends conversation events from the conversations core, and gives up on a dead receiver', async () => {
    const all = ['conversation.created', 'message.created', 'handoff.requested', 'conversation.resolved'];
    const webhook = await createWebhook(acme, { url: stubborn.url, events: all });
    const agent = await json(await send(acme, 'POST', '/v1/agents', { name: 'Help desk', slug: 'help-desk' }));
    const conversations = t.app.get(ConversationsService);
    const contact = await conversations.upsertContact(acmeTenantId, { email: 'ada@example.com' });
    const conversation = await conversations.startConversation(acmeTenantId, {
      agentId: agent.id,
      contactId: contact.id,
      channel: 'api',
    });
    const visitor = { kind: 'visitor' as const, id: contact.id };
    await conversations.applyAction(acmeTenantId, conversation.id, 'request_human', visitor);
    await conversations.applyAction(acmeTenantId, conversation.id, 'resolve', { kind: 'system', id: null });

    const created = await settledDelivery(webhook.id, `conversation.created:${conversation.id}`);
    expect(created).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 500, lastError: /HTTP 500/ });
    const types = async () =>
      new Set((await deliveries(acme, webhook.id)).data.map((d: { eventType: string }) => d.eventType));
    await waitFor('every conversation event type', async () => (await types()).size === all.length);

    // A dead delivery is sent again on request, as a new delivery of the same event.
    refusing = false;
    const again = await send(acme, 'POST', `/v1/webhooks/${webhook.id}/deliveries/${created.id}/redeliver`);
    expect(again.status).toBe(202);
    const redelivery = await json(again);
    expect(redelivery).toMatchObject({ eventId: created.eventId, redeliveryOf: created.id, status: 'pending' });
    await waitFor('the redelivery', async () => {
      const found = await json(await acme.call(`/v1/webhooks/${webhook.id}/deliveries/${redelivery.id}`));
      return found.status === 'delivered';
    });
    const [sent] = stubborn.received.filter((r) => r.headers['seed-delivery-id'] === redelivery.id);
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({
      id: created.eventId,
      type: 'conversation.created',
      data: { conversation: { id: conversation.id } },
    });

    await send(acme, 'PATCH', `/v1/webhooks/${webhook.id}`, { active: false });
    const refused = await send(acme, 'POST', `/v1/webhooks/${webhook.id}/deliveries/${created.id}/redeliver`);
    expect(refused.status).toBe(409);
    expect((await json(refused)).message).toMatch(/disabled/);
  });
});

function documentEvent(tenantId: string, document: { id: string; collectionId: string }) {
  return { tenantId, collectionId: document.collectionId, documentId: document.id };
}
