import { HttpToolRunner, StoredTool } from '@app/agents';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestAppWith, TestApp } from '../support/test-app';
import { htmlPage, startTestWebsite, TestWebsite } from '../support/test-website';
import { startWebhookReceiver, WebhookReceiver } from '../support/webhook-receiver';
import { waitFor } from '../support/wait-for';

/**
 * The app as shipped (OUTBOUND_ALLOW_PRIVATE unset, which the other tests set to reach their local
 * servers): the crawler, webhooks and agent tools refuse 127.0.0.1 with the reason, and send nothing.
 */
describe('outbound guard (HTTP, default policy)', () => {
  let t: TestApp;
  let site: TestWebsite;
  let receiver: WebhookReceiver;
  let acme: ReturnType<typeof knowledgeClient>;

  beforeAll(async () => {
    site = await startTestWebsite({ '/': htmlPage('Intranet', 'Payroll runs on the 25th.') });
    receiver = await startWebhookReceiver(() => 200);
    // Three tries milliseconds apart, so the refused delivery is dead at once.
    const webhookEnv = { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_BASE_MS: '20' };
    t = await startTestAppWith(webhookEnv, { OUTBOUND_ALLOW_PRIVATE: false, OUTBOUND_ALLOWED_HOSTS: [] });
    acme = knowledgeClient(t, (await t.newTenant('acme')).adminKey);
  });

  afterAll(async () => {
    await t?.close();
    await site?.close();
    await receiver?.close();
  });

  it('fails a URL source on a loopback address with the reason, without a request', async () => {
    const collectionId = await acme.createCollection('intranet');
    const created = await acme.call(`/v1/collections/${collectionId}/documents`, {
      method: 'POST',
      body: JSON.stringify({ url: `${site.origin}/` }),
    });
    expect(created.status).toBe(202);
    const { source } = await json(created);
    const settled = await waitFor('the source to fail', async () => {
      const found = await json(await acme.call(`/v1/sources/${source.id}`));
      return found.status === 'failed' && found;
    });
    expect(settled.error).toBe(
      `${site.origin} is unreachable: 127.0.0.1 is a loopback address, which Seed does not connect to ` +
        '(see OUTBOUND_ALLOW_PRIVATE or OUTBOUND_ALLOWED_HOSTS)',
    );
    expect(site.requests).toEqual([]);
  });

  it('records the refusal as the failure of each webhook delivery try, and sends nothing', async () => {
    const response = await acme.call('/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: receiver.url, events: ['document.ready'] }),
    });
    expect(response.status).toBe(201);
    const webhook = await json(response);
    const collectionId = await acme.createCollection('help');
    const uploaded = (await json(await acme.uploadText(collectionId, 'Refunds', 'Refunds take five days.'))).data[0];
    expect((await acme.settled(collectionId, uploaded.id)).status).toBe('ready');
    const delivery = await waitFor('the delivery to be dead', async () => {
      const [found] = (await json(await acme.call(`/v1/webhooks/${webhook.id}/deliveries`))).data;
      return found?.status === 'dead' && found;
    });
    expect(delivery).toMatchObject({
      attempts: 3,
      lastStatusCode: null,
      lastError: expect.stringMatching(/^127\.0\.0\.1 is a loopback address, which Seed does not connect to/),
    });
    expect(receiver.received).toEqual([]);
  });

  it("makes the app's HTTP tool runner answer a loopback tool as unreachable, with the reason", async () => {
    const tool: StoredTool = {
      name: 'payroll',
      description: 'payroll',
      intent: 'payroll',
      method: 'GET',
      url: `${site.origin}/`,
      headers: {},
      parameters: { type: 'object', properties: {} },
      argumentEntities: {},
      mutating: false,
      timeoutMs: 1_000,
      replyTemplate: null,
    };
    const outcome = await t.app.get(HttpToolRunner).call(tool, {});
    expect(outcome).toMatchObject({ ok: false, failure: 'unreachable', detail: expect.stringContaining('loopback') });
    expect(site.requests).toEqual([]);
  });
});
