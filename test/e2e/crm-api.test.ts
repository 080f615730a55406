import { ConversationsService } from '@app/conversations';
import { HELP_CENTRE } from '../support/agent-fixtures';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestApp, TestApp } from '../support/test-app';

const REFUND_QUESTION = 'How long do refunds take to reach my card?';

interface SseEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/** Parses a complete text/event-stream body into its events. */
function parseEvents(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.trim())
    .map((frame) => {
      const lines = frame.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.find((line) => line.startsWith('data: '))!.slice(6);
      return { event, data: JSON.parse(data) };
    });
}

describe('CRM REST API: contacts, conversations, messages, handoff (HTTP)', () => {
  let t: TestApp;
  let tenantId: string;
  let adminKey: string;
  let integrationKey: string;
  let agentScopeKey: string;
  let globexKey: string;
  let agentId: string;

  const call = (key: string, path: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${key}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}, key = integrationKey) =>
    call(key, path, { method: 'POST', body: JSON.stringify(body), headers });
  const get = (path: string, key = integrationKey) => call(key, path);
  const newConversation = async (externalId: string) => {
    const response = await post('/v1/conversations', { agentSlug: 'support', contact: { externalId } });
    expect(response.status).toBe(201);
    return json(response);
  };
  const say = (conversationId: string, text: string, extra: Record<string, unknown> = {}) =>
    post(`/v1/conversations/${conversationId}/messages`, { text, as: 'contact', ...extra });
  const handoff = (conversationId: string, action: string, extra: Record<string, unknown> = {}) =>
    post(`/v1/conversations/${conversationId}/handoff`, { action, ...extra });
  const createKey = async (scopes: string[]) =>
    (await json(await post('/v1/api-keys', { name: scopes.join('+'), scopes }, {}, adminKey))).key as string;
  const expectError = async (response: Response, statusCode: number, message: RegExp | string) => {
    const body = await json(response);
    expect({ status: response.status, body }).toMatchObject({
      status: statusCode,
      body: {
        statusCode,
        code: expect.any(String),
        message: expect.stringMatching(message),
        requestId: expect.any(String),
      },
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ tenantId, adminKey } = await t.newTenant('acme'));
    globexKey = (await t.newTenant('globex')).adminKey;
    integrationKey = await createKey(['integration']);
    agentScopeKey = await createKey(['agent']);
    const knowledge = knowledgeClient(t, adminKey);
    const collectionId = await knowledge.createReadyCollection('help centre', HELP_CENTRE);
    const agent = await post(
      '/v1/agents',
      { name: 'Support', slug: 'support', collectionIds: [collectionId] },
      {},
      adminKey,
    );
    agentId = (await json(agent)).id;
  });

  afterAll(() => t.close());

  it('upserts contacts by external id, email or visitor id (200) and reads them back', async () => {
    const created = await post('/v1/contacts', { externalId: 'crm-1', email: 'Ada@Example.com', name: 'Ada' });
    expect(created.status).toBe(200);
    const contact = await json(created);
    expect(contact).toMatchObject({ externalId: 'crm-1', email: 'ada@example.com', name: 'Ada', attributes: {} });
    expect(contact.tenantId).toBeUndefined();

    const updated = await json(await post('/v1/contacts', { email: 'ada@example.com', attributes: { plan: 'pro' } }));
    expect(updated).toMatchObject({ id: contact.id, externalId: 'crm-1', name: 'Ada', attributes: { plan: 'pro' } });
    expect(await json(await get(`/v1/contacts/${contact.id}`))).toMatchObject({
      id: contact.id,
      attributes: { plan: 'pro' },
    });

    await expectError(await get(`/v1/contacts/${contact.id}`, globexKey), 404, `contact ${contact.id} not found`);
    await expectError(await post('/v1/contacts', { name: 'Nobody' }), 400, /externalId, email or visitorId/);
    await expectError(await post('/v1/contacts', { email: 'not-an-email' }), 400, /^email: expected an email address/);
    await expectError(await post('/v1/contacts', { externalId: 'x', colour: 'red' }), 400, /colour/);
  });

  it('starts conversations by agent slug or id, lists them with filters and pages with a cursor', async () => {
    const first = await newConversation('crm-list');
    expect(first).toMatchObject({ agentId, channel: 'api', state: 'bot', lastSeq: 0 });
    const byIds = await post('/v1/conversations', { agentId, contactId: first.contactId });
    expect(byIds.status).toBe(201);
    const second = await json(byIds);
    expect(second.contactId).toBe(first.contactId);
    expect(await json(await get(`/v1/conversations/${first.id}`))).toEqual(first);

    const page1 = await json(await get(`/v1/conversations?contactId=${first.contactId}&limit=1`));
    expect(page1.data.map((c: { id: string }) => c.id)).toEqual([second.id]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await json(
      await get(`/v1/conversations?contactId=${first.contactId}&limit=1&cursor=${page1.nextCursor}`),
    );
    expect(page2).toEqual({ data: [expect.objectContaining({ id: first.id })], nextCursor: null });
    const filtered = await json(await get(`/v1/conversations?agentId=${agentId}&state=bot&channel=api&limit=100`));
    expect(filtered.data.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect((await json(await get('/v1/conversations?state=resolved'))).data).toEqual([]);
    expect((await json(await get('/v1/conversations', globexKey))).data).toEqual([]);

    await expectError(await get('/v1/conversations?limit=500'), 400, /^limit: expected 1 to 100/);
    await expectError(await get('/v1/conversations?state=open'), 400, /^state: expected one of bot, pending_human/);
    await expectError(await get('/v1/conversations?agentId=nope'), 400, /^agentId: expected a UUID/);
    await expectError(await get('/v1/conversations?cursor=garbage'), 400, /cursor: not a cursor/);
    await expectError(
      await post('/v1/conversations', { agentSlug: 'nobody', contactId: first.contactId }),
      404,
      /nobody/,
    );
    await expectError(await post('/v1/conversations', { contact: { externalId: 'x' } }), 400, /agentId or agentSlug/);
    await expectError(
      await post('/v1/conversations', { agentId, contact: { externalId: 'x' }, channel: 'widget' }),
      400,
      /^channel: expected one of api, openai/,
    );
    await expectError(
      await post('/v1/conversations', { agentId, contactId: first.contactId }, {}, globexKey),
      404,
      /agent/,
    );
  });

  it('posting as the contact runs the agent and answers with the stored, cited reply', async () => {
    const conversation = await newConversation('crm-answer');
    const response = await say(conversation.id, REFUND_QUESTION);
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body.message).toMatchObject({ seq: 1, role: 'visitor', text: REFUND_QUESTION });
    expect(body.reply).toMatchObject({ seq: 2, role: 'bot', text: expect.stringMatching(/five business days/) });
    expect(body.reply.citations[0]).toMatchObject({ n: 1, title: 'Refunds', documentId: expect.any(String) });
    expect(body.reply.trace.map((step: { stage: string }) => step.stage)).toContain('retrieve');
    expect(body.conversation).toMatchObject({ id: conversation.id, state: 'bot', lastSeq: 2 });

    const transcript = await json(await get(`/v1/conversations/${conversation.id}/transcript`));
    expect(transcript.conversation).toMatchObject({ id: conversation.id });
    expect(transcript.contact).toMatchObject({ id: conversation.contactId, externalId: 'crm-answer' });
    expect(transcript.messages).toEqual([
      expect.objectContaining({ seq: 1, role: 'visitor', citations: [], trace: null }),
      expect.objectContaining({ seq: 2, role: 'bot', citations: body.reply.citations, trace: body.reply.trace }),
    ]);
    const pack = await json(await get(`/v1/conversations/${conversation.id}/context-pack`));
    expect(pack).toMatchObject({ summary: expect.stringContaining('refunds'), lastBotAnswer: body.reply.text });
    expect(pack.sources[0]).toMatchObject({ title: 'Refunds' });
  });

  it('streams the reply as server-sent events with ?stream=true or Accept: text/event-stream', async () => {
    const conversation = await newConversation('crm-stream');
    for (const [query, accept] of [
      ['?stream=true', 'application/json'],
      ['', 'text/event-stream'],
    ]) {
      const response = await call(integrationKey, `/v1/conversations/${conversation.id}/messages${query}`, {
        method: 'POST',
        body: JSON.stringify({ text: REFUND_QUESTION, as: 'contact' }),
        headers: { accept },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = parseEvents(await response.text());
      expect(events[0]).toMatchObject({ event: 'message', data: { role: 'visitor', text: REFUND_QUESTION } });
      const tokens = events.filter((e) => e.event === 'token').map((e) => e.data.token as string);
      expect(tokens.length).toBeGreaterThan(0);
      const done = events.at(-1)!;
      expect(done.event).toBe('done');
      expect(tokens.join('')).toBe(done.data.reply.text);
      expect(done.data.reply.citations.length).toBeGreaterThan(0);
    }
    const stored = await json(await get(`/v1/conversations/${conversation.id}/transcript`));
    expect(stored.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'bot', 'visitor', 'bot']);
    expect(t.logs.join('')).not.toMatch(/already sent|"level":50/i);
  });

  it('handoff actions follow the state machine; while a human has it the bot stays quiet', async () => {
    const conversation = await newConversation('crm-handoff');
    const requested = await handoff(conversation.id, 'request_human', { reason: 'vip' });
    expect(requested.status).toBe(200);
    expect(await json(requested)).toMatchObject({ state: 'pending_human', handoffCount: 1 });

    const waiting = await json(await say(conversation.id, 'Is anyone there?'));
    expect(waiting).toMatchObject({ reply: null, conversation: { state: 'pending_human' } });

    expect(await json(await handoff(conversation.id, 'take_over', { authorName: 'Grace' }))).toMatchObject({
      state: 'human',
      assigneeId: null,
    });
    await expectError(
      await handoff(conversation.id, 'take_over'),
      409,
      'cannot take_over a conversation in state human',
    );
    const human = await post(`/v1/conversations/${conversation.id}/messages`, { text: 'Grace here.', as: 'human' });
    expect(human.status).toBe(201);
    expect(await json(human)).toMatchObject({ message: { role: 'human', text: 'Grace here.' }, reply: null });
    expect(await json(await say(conversation.id, 'Thanks Grace'))).toMatchObject({ reply: null });

    expect(await json(await handoff(conversation.id, 'hand_back'))).toMatchObject({ state: 'bot' });
    expect(await json(await handoff(conversation.id, 'resolve'))).toMatchObject({ state: 'resolved' });
    await expectError(
      await handoff(conversation.id, 'resolve'),
      409,
      'cannot resolve a conversation in state resolved',
    );
    expect(await json(await handoff(conversation.id, 'reopen'))).toMatchObject({ state: 'bot' });

    const transcript = await json(await get(`/v1/conversations/${conversation.id}/transcript`));
    const texts = transcript.messages.map((m: { role: string; text: string }) => `${m.role}: ${m.text}`);
    expect(texts).toContain("system: You're now chatting with Grace.");
    expect(texts.filter((text: string) => text.startsWith('bot:'))).toEqual([]);

    // A human writing while the bot has the conversation takes it over first.
    const other = await newConversation('crm-human-first');
    expect(await json(await post(`/v1/conversations/${other.id}/messages`, { text: 'Hi', as: 'human' }))).toMatchObject(
      {
        conversation: { state: 'human' },
      },
    );
  });

  it('a retried message with the same Idempotency-Key stores one message and replays the response', async () => {
    const conversation = await newConversation('crm-idempotent');
    const headers = { 'idempotency-key': 'crm-message-1' };
    const body = { text: REFUND_QUESTION, as: 'contact' };
    const first = await post(`/v1/conversations/${conversation.id}/messages`, body, headers);
    const second = await post(`/v1/conversations/${conversation.id}/messages`, body, headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(second)).toEqual(await json(first));
    const transcript = await json(await get(`/v1/conversations/${conversation.id}/transcript`));
    expect(transcript.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'bot']);

    const otherBody = await post(`/v1/conversations/${conversation.id}/messages`, { ...body, text: 'other' }, headers);
    await expectError(otherBody, 422, 'Idempotency-Key reused with a different request body');
  });

  it('refuses bad input with one error shape: 400 naming the field, 401, 403, 404, 409', async () => {
    const conversation = await newConversation('crm-bad');
    const messages = `/v1/conversations/${conversation.id}/messages`;
    await expectError(
      await post(messages, { text: 'x'.repeat(4001), as: 'contact' }),
      400,
      /CONVERSATION_MAX_MESSAGE_CHARS/,
    );
    await expectError(await post(messages, { text: '   ', as: 'contact' }), 400, /^text: must not be empty/);
    await expectError(await post(messages, { text: 'hi' }), 400, /^as: /);
    await expectError(await post(messages, { text: 42, as: 'contact' }), 400, /^text: expected a string/);
    await expectError(await post(`${messages}?stream=maybe`, { text: 'hi', as: 'contact' }), 400, /^stream: /);
    await expectError(await handoff(conversation.id, 'escalate'), 400, /^action: expected one of request_human/);

    const unknown = '00000000-0000-4000-8000-000000000000';
    await expectError(await say(unknown, 'hi'), 404, `conversation ${unknown} not found`);
    await expectError(await get(`/v1/conversations/${unknown}/transcript`), 404, /not found/);
    await expectError(await get('/v1/conversations/not-a-uuid'), 400, /^id: expected a UUID/);
    await expectError(await post(messages, { text: 'hi', as: 'contact' }, {}, globexKey), 404, /not found/);
    await expectError(await get(`/v1/conversations/${conversation.id}`, globexKey), 404, /not found/);

    await expectError(await get('/v1/conversations', agentScopeKey), 403, /lacks the scope integration/);
    await expectError(await post('/v1/contacts', { externalId: 'x' }, {}, agentScopeKey), 403, /integration/);
    await expectError(await fetch(`${t.baseUrl}/v1/conversations`), 401, /./);

    // Only the widget's visitor writes as the contact of a widget conversation.
    const service = t.app.get(ConversationsService);
    const visitor = await service.upsertContact(tenantId, { visitorId: 'widget-visitor-1' });
    const widget = await service.startConversation(tenantId, { agentId, contactId: visitor.id, channel: 'widget' });
    await expectError(await say(widget.id, 'hi'), 409, /belongs to the widget/);
  });

  it('integration keys read agents but cannot change them', async () => {
    const listed = await json(await get('/v1/agents'));
    expect(listed.data.map((a: { slug: string }) => a.slug)).toContain('support');
    expect(await json(await get(`/v1/agents/${agentId}`))).toMatchObject({ slug: 'support' });
    await expectError(await post('/v1/agents', { name: 'X', slug: 'x' }), 403, /admin/);
    await expectError(await call(integrationKey, `/v1/agents/${agentId}`, { method: 'DELETE' }), 403, /admin/);
  });

  it('documents the endpoints in /openapi.json', async () => {
    const document = await json(await fetch(`${t.baseUrl}/openapi.json`));
    const messages = document.paths['/v1/conversations/{id}/messages'].post;
    expect(messages.tags).toEqual(['conversations']);
    expect(Object.keys(messages.requestBody.content['application/json'].schema.properties)).toEqual([
      'text',
      'as',
      'authorName',
    ]);
    expect(messages.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key' }));
    for (const path of ['/v1/contacts', '/v1/conversations', '/v1/conversations/{id}/handoff']) {
      expect(document.paths[path].post.requestBody).toBeDefined();
    }
    expect(document.paths['/v1/conversations'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['state', 'agentId', 'contactId', 'channel', 'limit', 'cursor']),
    );
    expect(document.paths['/v1/conversations/{id}/transcript'].get).toBeDefined();
    expect(document.paths['/v1/conversations/{id}/context-pack'].get).toBeDefined();
  });
});
