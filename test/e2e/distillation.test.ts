import { HELP_CENTRE, supportIntentExamples } from '../support/agent-fixtures';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const PII_MESSAGE = 'my email is ada@example.com, where is my order';

describe('distillation: teacher labels on visitor messages train a student intent model (HTTP)', () => {
  let t: TestApp;
  let adminKey: string;
  let integrationKey: string;
  let globexKey: string;
  let agentId: string;

  const call = (key: string, path: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
  const post = (path: string, body: unknown, key = integrationKey) =>
    call(key, path, { method: 'POST', body: JSON.stringify(body) });
  const newConversation = async (externalId: string, agentSlug = 'support') =>
    (await json(await post('/v1/conversations', { agentSlug, contact: { externalId } }))).id as string;
  /** A human agent has the conversation, so visitor messages are stored without running the bot. */
  const humanConversation = async (externalId: string, agentSlug = 'support') => {
    const id = await newConversation(externalId, agentSlug);
    expect((await post(`/v1/conversations/${id}/messages`, { text: 'Ada here.', as: 'human' })).status).toBe(201);
    return id;
  };
  const say = async (conversationId: string, text: string) =>
    json(await post(`/v1/conversations/${conversationId}/messages`, { text, as: 'contact' }));
  const labelPath = (conversationId: string, messageId: string) =>
    `/v1/conversations/${conversationId}/messages/${messageId}/intent`;
  const label = (conversationId: string, messageId: string, intent: unknown, key = integrationKey) =>
    post(labelPath(conversationId, messageId), { label: intent }, key);
  const distill = (id: string, body: unknown = {}, key = adminKey) =>
    post(`/v1/agents/${id}/intents/distill`, body, key);
  const settled = (version: number) =>
    waitFor(`intent model v${version}`, async () => {
      const { data } = await json(await call(adminKey, `/v1/agents/${agentId}/intents/versions`));
      const found = data.find((v: { version: number }) => v.version === version);
      return found?.status !== 'training' && found;
    });
  const expectError = async (response: Response, statusCode: number, message: RegExp) => {
    const body = await json(response);
    expect({ status: response.status, message: body.message }).toEqual({
      status: statusCode,
      message: expect.stringMatching(message),
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    adminKey = (await t.newTenant('acme')).adminKey;
    globexKey = (await t.newTenant('globex')).adminKey;
    integrationKey = (await json(await post('/v1/api-keys', { name: 'crm', scopes: ['integration'] }, adminKey))).key;
    const knowledge = knowledgeClient(t, adminKey);
    const collectionId = await knowledge.createReadyCollection('help centre', HELP_CENTRE);
    const agent = await post(
      '/v1/agents',
      { name: 'Support', slug: 'support', collectionIds: [collectionId] },
      adminKey,
    );
    agentId = (await json(agent)).id;
    await post('/v1/agents', { name: 'Fresh', slug: 'fresh', collectionIds: [collectionId] }, adminKey);
  });

  afterAll(() => t.close());

  it('distils a student from human labels that agrees with the teacher better than the active model', async () => {
    // The active model only knows two of the four intents the humans label.
    const known = supportIntentExamples().filter(
      (e) => e.label === 'refund_question' || e.label === 'shipping_question',
    );
    const extras = [
      { text: 'money back for a broken kettle', label: 'refund_question' },
      { text: 'which courier do you use', label: 'shipping_question' },
    ];
    expect(
      (await post(`/v1/agents/${agentId}/intents/train`, { examples: [...known, ...extras] }, adminKey)).status,
    ).toBe(202);
    expect(await settled(1)).toMatchObject({ status: 'ready' });
    expect((await post(`/v1/agents/${agentId}/intents/versions/1/activate`, {}, adminKey)).status).toBe(200);

    const conversationId = await humanConversation('labelled');
    for (const example of supportIntentExamples()) {
      const { message, reply } = await say(conversationId, example.text);
      expect(reply).toBeNull();
      expect((await label(conversationId, message.id, example.label)).status).toBe(200);
    }
    const { message } = await say(conversationId, PII_MESSAGE);
    expect((await label(conversationId, message.id, 'complaint')).status).toBe(200);
    // Labelling again replaces the label (an admin key may label too).
    const relabelled = await label(conversationId, message.id, ' order_status ', adminKey);
    expect(await json(relabelled)).toMatchObject({
      messageId: message.id,
      conversationId,
      agentId,
      label: 'order_status',
      source: 'human',
      text: 'my email is [EMAIL_1], where is my order',
    });
    const stored = await t.pool.query('SELECT text, label FROM intent_labels WHERE message_id = $1', [message.id]);
    expect(stored.rows).toEqual([{ text: 'my email is [EMAIL_1], where is my order', label: 'order_status' }]);
    const leaked = await t.pool.query("SELECT count(*)::int AS n FROM intent_labels WHERE text LIKE '%@example.com%'");
    expect(leaked.rows[0].n).toBe(0);

    const started = await distill(agentId, { minExamplesPerLabel: 5 });
    expect(started.status).toBe(202);
    const teacherExamples = supportIntentExamples().length + 1;
    expect(await json(started)).toMatchObject({
      version: 2,
      status: 'training',
      active: false,
      exampleCount: teacherExamples + extras.length,
      distillation: { teacherExamples, originalExamples: extras.length, skippedLabels: {}, comparedVersion: 1 },
    });
    const student = await settled(2);
    expect(student).toMatchObject({ status: 'ready', active: false, error: null });
    const { metrics } = student;
    expect(metrics).toMatchObject({ teacherExamples, teacherHeldOut: 16, activeModelVersion: 1 });
    expect(metrics.teacherAgreement).toBeGreaterThanOrEqual(0.8);
    expect(metrics.activeModelAgreement).toBeLessThan(metrics.teacherAgreement);
    expect(Object.keys(metrics.perIntentF1).sort()).toEqual([
      'complaint',
      'order_status',
      'refund_question',
      'shipping_question',
    ]);
    expect((await post(`/v1/agents/${agentId}/intents/versions/2/activate`, {}, adminKey)).status).toBe(200);
    const preview = await json(
      await post(`/v1/agents/${agentId}/preview`, { message: 'i want to complain' }, adminKey),
    );
    expect(JSON.stringify(preview.trace)).toContain('complaint');
  });

  it('refuses bad labels: unknown or foreign message 404, bot message 400, empty label 400', async () => {
    const botConversation = await newConversation('bot-answered');
    const { message, reply } = await say(botConversation, 'How long do refunds take to reach my card?');
    expect(reply).toMatchObject({ role: 'bot' });

    await expectError(
      await label(botConversation, reply.id, 'refund_question'),
      400,
      /Only visitor messages carry an intent; message .* is a bot message/,
    );
    await expectError(await label(botConversation, crypto.randomUUID(), 'x'), 404, /^message .* not found/);
    await expectError(await label(crypto.randomUUID(), message.id, 'x'), 404, /^conversation .* not found/);
    await expectError(await label(botConversation, message.id, 'x', globexKey), 404, /^conversation .* not found/);
    await expectError(await label(botConversation, message.id, ''), 400, /^label: expected an intent name/);
    await expectError(await label(botConversation, message.id, '   '), 400, /^label: expected an intent name/);
    await expectError(await label(botConversation, message.id, 'x'.repeat(101)), 400, /^label: expected at most 100/);
    await expectError(await label(botConversation, message.id, 7), 400, /^label: expected a string/);
    await expectError(await label(botConversation, 'not-a-uuid', 'x'), 400, /^messageId: expected a UUID/);
    const noLabels = await t.pool.query('SELECT count(*)::int AS n FROM intent_labels WHERE conversation_id = $1', [
      botConversation,
    ]);
    expect(noLabels.rows[0].n).toBe(0);
  });

  it('refuses to distil without enough labels, for another tenant or without the admin scope', async () => {
    const { data } = await json(await call(adminKey, '/v1/agents'));
    const freshId = data.find((a: { slug: string }) => a.slug === 'fresh').id;
    await expectError(
      await distill(freshId),
      400,
      /at least 2 intents with 5 or more labelled messages each; have no labels/,
    );

    const conversationId = await humanConversation('few-labels', 'fresh');
    for (const [text, intent] of [
      ['where is my order', 'order_status'],
      ['track my order', 'order_status'],
      ['how long do refunds take', 'refund_question'],
    ]) {
      const { message } = await say(conversationId, text);
      expect((await label(conversationId, message.id, intent)).status).toBe(200);
    }
    await expectError(await distill(freshId), 400, /have order_status 2, refund_question 1/);
    await expectError(
      await distill(freshId, { minExamplesPerLabel: 1 }),
      400,
      /^minExamplesPerLabel: expected a whole number from 3 to 1000/,
    );
    await expectError(await distill(freshId, { min: 5 }), 400, /min/);
    await expectError(await distill(agentId, {}, globexKey), 404, /agent/);
    await expectError(await distill(crypto.randomUUID()), 404, /agent/);
    expect((await distill(agentId, {}, integrationKey)).status).toBe(403);
    const versions = await json(await call(adminKey, `/v1/agents/${freshId}/intents/versions`));
    expect(versions.data).toEqual([]);
  });
});
