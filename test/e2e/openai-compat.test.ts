import OpenAI, { AuthenticationError, BadRequestError, NotFoundError } from 'openai';
import { HELP_CENTRE } from '../support/agent-fixtures';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestApp, TestApp } from '../support/test-app';

const REFUND_QUESTION = 'How long do refunds take to reach my card?';

/** Seed's extra fields on a completion and on its last chunk. */
interface SeedExtras {
  citations: { n: number; title: string; sourceUrl: string | null; documentId: string; chunkId: string }[];
  seed: { conversationId: string; state: string; tier: string | null; route: string | null; handoff: boolean };
}

describe('OpenAI-compatible chat completions (openai SDK)', () => {
  let t: TestApp;
  let adminKey: string;
  let integrationKey: string;
  let openai: OpenAI;

  const admin = (path: string, body: unknown) =>
    fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const clientWith = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${t.baseUrl}/v1`, maxRetries: 0 });
  const transcript = async (conversationId: string) =>
    (
      await json(
        await fetch(`${t.baseUrl}/v1/conversations/${conversationId}/transcript`, {
          headers: { authorization: `Bearer ${integrationKey}` },
        }),
      )
    ).messages as { role: string; text: string }[];
  /** Seed's own request fields (`user`, `seed_conversation_id`) ride along like any extra body parameter. */
  const ask = async (content: string, extra: Record<string, unknown> = {}) => {
    const params = { model: 'support', messages: [{ role: 'user', content }], ...extra };
    const completion = await openai.chat.completions.create(params as OpenAI.ChatCompletionCreateParamsNonStreaming);
    return completion as unknown as OpenAI.ChatCompletion & SeedExtras;
  };

  beforeAll(async () => {
    t = await startTestApp();
    adminKey = (await t.newTenant('acme')).adminKey;
    integrationKey = (await json(await admin('/v1/api-keys', { name: 'crm', scopes: ['integration'] }))).key;
    openai = clientWith(integrationKey);
    const knowledge = knowledgeClient(t, adminKey);
    const collectionId = await knowledge.createReadyCollection('help centre', HELP_CENTRE);
    expect(
      (await admin('/v1/agents', { name: 'Support', slug: 'support', collectionIds: [collectionId] })).status,
    ).toBe(201);
  });

  afterAll(() => t.close());

  it('answers a chat completion with the agent, its citations and the conversation it stored', async () => {
    const completion = await openai.chat.completions.create({
      model: 'support',
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: REFUND_QUESTION },
      ],
    });
    const extras = completion as unknown as SeedExtras;
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'support',
      id: expect.stringMatching(/^chatcmpl-/),
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }],
    });
    expect(completion.choices[0].message.content).toMatch(/five business days/);
    expect(completion.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
    });
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(extras.citations[0]).toEqual({
      n: 1,
      title: 'Refunds',
      sourceUrl: null,
      documentId: expect.any(String),
      chunkId: expect.any(String),
    });
    expect(extras.seed).toMatchObject({ state: 'bot', tier: 'slm', route: 'knowledge', handoff: false });

    const stored = await transcript(extras.seed.conversationId);
    expect(stored.map((m) => [m.role, m.text])).toEqual([
      ['visitor', REFUND_QUESTION],
      ['bot', completion.choices[0].message.content],
    ]);
  });

  it('streams chat.completion.chunk deltas, the last chunk carrying citations, then [DONE]', async () => {
    const stream = await openai.chat.completions.create({
      model: 'support',
      messages: [{ role: 'user', content: REFUND_QUESTION }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: (OpenAI.ChatCompletionChunk & Partial<SeedExtras>)[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0].id)).toBe(true);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(content).toMatch(/five business days/);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(0);
    const last = chunks.find((chunk) => chunk.choices[0]?.finish_reason === 'stop')!;
    expect(last.citations![0]).toMatchObject({ n: 1, title: 'Refunds' });
    expect(last.seed).toMatchObject({ tier: 'slm', route: 'knowledge', handoff: false });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number) } });

    const stored = await transcript(last.seed!.conversationId);
    expect(stored.at(-1)).toEqual(expect.objectContaining({ role: 'bot', text: content }));
    expect(t.logs.join('')).not.toMatch(/already sent|"level":50/i);
  });

  it('continues a conversation by user, by the seed_conversation_id field or by the x-seed-conversation-id header', async () => {
    const first = await ask(REFUND_QUESTION, { user: 'crm-42' });
    const again = await ask('And how fast are express parcels?', { user: 'crm-42' });
    const conversationId = first.seed.conversationId;
    expect(again.seed.conversationId).toBe(conversationId);

    const byField = await ask('Thanks!', { seed_conversation_id: conversationId });
    expect(byField.seed.conversationId).toBe(conversationId);
    const { data: byHeader, response } = await openai.chat.completions
      .create(
        { model: 'support', messages: [{ role: 'user', content: 'One more thing.' }] },
        { headers: { 'x-seed-conversation-id': conversationId } },
      )
      .withResponse();
    expect((byHeader as unknown as SeedExtras).seed.conversationId).toBe(conversationId);
    expect(response.headers.get('x-seed-conversation-id')).toBe(conversationId);
    expect((await transcript(conversationId)).filter((m) => m.role === 'visitor')).toHaveLength(4);

    // Without user or conversation id, each call is a conversation of its own.
    const a = await ask(REFUND_QUESTION);
    const b = await ask(REFUND_QUESTION);
    expect(a.seed.conversationId).not.toBe(b.seed.conversationId);
  });

  it('tells a handoff in `seed`, and while humans have the conversation the bot stays quiet', async () => {
    const offTopic = await ask('What is the airspeed velocity of an unladen swallow?', { user: 'crm-handoff' });
    expect(offTopic.seed).toMatchObject({ tier: 'handoff', route: 'handoff', handoff: true, state: 'pending_human' });
    const waiting = await ask('Hello?', { user: 'crm-handoff' });
    expect(waiting.seed).toMatchObject({
      conversationId: offTopic.seed.conversationId,
      tier: null,
      route: null,
      handoff: true,
    });
    expect(waiting.choices[0].message.content).toMatch(/human agent/);
    expect(waiting.citations).toEqual([]);
  });

  it('fails the way OpenAI SDKs expect: NotFoundError, AuthenticationError, BadRequestError', async () => {
    const unknownModel = openai.chat.completions.create({
      model: 'nobody',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(unknownModel).rejects.toBeInstanceOf(NotFoundError);
    await expect(unknownModel).rejects.toMatchObject({
      status: 404,
      error: { type: 'not_found_error', code: 'NotFound', message: expect.stringMatching(/model nobody not found/) },
    });

    const badKey = clientWith('seed_nope_nope').chat.completions.create({
      model: 'support',
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(badKey).rejects.toBeInstanceOf(AuthenticationError);

    const empty = openai.chat.completions.create({ model: 'support', messages: [] });
    await expect(empty).rejects.toBeInstanceOf(BadRequestError);
    await expect(empty).rejects.toMatchObject({
      error: { message: expect.stringMatching(/^messages: expected at least one/) },
    });

    const lastNotUser = openai.chat.completions.create({
      model: 'support',
      messages: [{ role: 'assistant', content: 'Hi!' }],
    });
    await expect(lastNotUser).rejects.toMatchObject({ status: 400, error: { message: /last message must be a user/ } });
    const tooLong = openai.chat.completions.create({
      model: 'support',
      messages: [{ role: 'user', content: 'x'.repeat(4001) }],
    });
    await expect(tooLong).rejects.toMatchObject({ status: 400, error: { message: /CONVERSATION_MAX_MESSAGE_CHARS/ } });
    const unknownConversation = ask('hi', { seed_conversation_id: '00000000-0000-4000-8000-000000000000' });
    await expect(unknownConversation).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists the agents as models, for agent-scope keys too', async () => {
    const agentKey = (await json(await admin('/v1/api-keys', { name: 'bot', scopes: ['agent'] }))).key;
    const models = [];
    for await (const model of clientWith(agentKey).models.list()) models.push(model);
    expect(models).toEqual([{ id: 'support', object: 'model', created: expect.any(Number), owned_by: 'seed' }]);
  });

  it('is documented in /openapi.json', async () => {
    const document = await json(await fetch(`${t.baseUrl}/openapi.json`));
    const create = document.paths['/v1/chat/completions'].post;
    expect(create.tags).toEqual(['openai']);
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['model', 'messages']));
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['stream', 'user', 'seed_conversation_id']));
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'x-seed-conversation-id', in: 'header' }));
    expect(document.paths['/v1/models'].get).toBeDefined();
  });

  it('errors carry both the house shape and the OpenAI error object', async () => {
    const response = await fetch(`${t.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${integrationKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'nobody', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-seed-conversation-id')).toBeNull();
    expect(await json(response)).toEqual({
      statusCode: 404,
      code: 'NotFound',
      message: 'model nobody not found: the model is the slug of one of your agents',
      requestId: response.headers.get('x-request-id'),
      error: {
        message: 'model nobody not found: the model is the slug of one of your agents',
        type: 'not_found_error',
        code: 'NotFound',
        param: null,
      },
    });
  });
});
