import { ConversationsService } from '@app/conversations';
import { SECRET_KEY, TokenSigner } from '@app/core';
import { HELP_CENTRE } from '../support/agent-fixtures';
import { knowledgeClient } from '../support/knowledge-client';
import {
  adminClient,
  connectConsole,
  connectWidget,
  PAGE_ORIGIN,
  refusal,
  RecordedSocket,
  WidgetClient,
} from '../support/socket-clients';
import { json, startTestApp, startTestAppWith, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/** Small limits, so floods are reached in a few events; each test uses its own visitor. */
const REALTIME_ENV = { RATE_LIMIT_SOCKET_EVENTS: '20', RATE_LIMIT_SOCKET_WINDOW_SECONDS: '600' };
const VISITOR_MESSAGES = 4;

describe('/widget socket (real socket.io clients)', () => {
  let t: TestApp;
  let acme: ReturnType<typeof adminClient>;
  let acmeTenantId: string;
  let siteKey: string;
  let globexSiteKey: string;
  const open: RecordedSocket[] = [];

  /** A visitor connected to acme's widget (closed after the file). */
  const visitor = async (auth: Record<string, unknown> = {}, origin?: string | null): Promise<WidgetClient> => {
    const client = await connectWidget(t.baseUrl, { siteKey, ...auth }, origin);
    open.push(client);
    return client;
  };
  const messages = (client: RecordedSocket) => client.payloads('message');
  const storedTexts = async (conversationId: string) =>
    (
      await t.pool.query('SELECT text FROM messages WHERE conversation_id = $1 ORDER BY seq', [conversationId])
    ).rows.map((row) => row.text);

  beforeAll(async () => {
    t = await startTestAppWith(REALTIME_ENV, {
      RATE_LIMIT_VISITOR_MESSAGES: VISITOR_MESSAGES,
      RATE_LIMIT_VISITOR_WINDOW_SECONDS: 600,
    });
    const acmeTenant = await t.newTenant('acme');
    acmeTenantId = acmeTenant.tenantId;
    acme = adminClient(t.baseUrl, acmeTenant.adminKey);
    const knowledge = knowledgeClient(t, acmeTenant.adminKey);
    const collectionId = await knowledge.createReadyCollection('help centre', HELP_CENTRE);
    siteKey = await acme.configureWidget(await acme.createAgent('helper', [collectionId]));
    const globex = adminClient(t.baseUrl, (await t.newTenant('globex')).adminKey);
    globexSiteKey = await globex.configureWidget(await globex.createAgent('other'), [PAGE_ORIGIN]);
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await t?.close();
  });

  describe('handshake', () => {
    it('a new visitor gets a session (token, conversation, state, theme) and a stored widget conversation', async () => {
      const client = await visitor();
      expect(client.session).toEqual({
        visitorToken: expect.any(String),
        conversationId: expect.any(String),
        state: 'bot',
        theme: { title: 'Chat with us', color: '#2563eb', greeting: 'Hi! How can we help?' },
      });
      expect(client.events[0].event).toBe('session');
      const { rows } = await t.pool.query(
        `SELECT c.tenant_id, c.channel, k.visitor_id FROM conversations c JOIN contacts k ON k.id = c.contact_id
         WHERE c.id = $1`,
        [client.session.conversationId],
      );
      expect(rows).toEqual([{ tenant_id: acmeTenantId, channel: 'widget', visitor_id: expect.any(String) }]);
    });

    it.each([
      [
        'an unknown site key',
        { siteKey: 'site_000000000000000000000000' },
        PAGE_ORIGIN,
        'NotFound',
        'unknown site key',
      ],
      ['a malformed site key', { siteKey: 'x' }, PAGE_ORIGIN, 'NotFound', 'unknown site key'],
      ['no site key', { siteKey: undefined }, PAGE_ORIGIN, 'ValidationFailed', /^siteKey: required/],
      ['a site key that is not text', { siteKey: 42 }, PAGE_ORIGIN, 'ValidationFailed', 'siteKey: expected a string'],
      [
        'an origin that is not allowed',
        {},
        'https://evil.example',
        'Forbidden',
        'origin https://evil.example is not allowed for this site key',
      ],
      ['a look-alike origin', {}, 'https://shop.example.com.evil.example', 'Forbidden', /is not allowed/],
      ['the origin "null" (sandboxed frame)', {}, 'null', 'Forbidden', 'origin null is not allowed for this site key'],
      ['no Origin header', {}, null, 'Forbidden', /an Origin header is required/],
      ['a negative lastSeq', { lastSeq: -1 }, PAGE_ORIGIN, 'ValidationFailed', 'lastSeq: expected a whole number >= 0'],
      ['a fractional lastSeq', { lastSeq: 1.5 }, PAGE_ORIGIN, 'ValidationFailed', /^lastSeq: expected a whole number/],
      [
        'a lastSeq that is text',
        { lastSeq: '3' },
        PAGE_ORIGIN,
        'ValidationFailed',
        /^lastSeq: expected a whole number/,
      ],
    ])('refuses %s with a clear error', async (_case, auth, origin, code, message) => {
      const error = await refusal(connectWidget(t.baseUrl, { siteKey, ...auth }, origin));
      expect(error).toEqual({ code, message: expect.any(String) });
      expect(error!.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    });

    it('refuses a forged, an expired and a garbage visitor token, and a token of another tenant', async () => {
      const first = await visitor();
      const token = first.session.visitorToken;
      const [header, body, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
      const other = await visitor();
      const forgedBody = Buffer.from(JSON.stringify({ ...claims, cid: other.session.conversationId })).toString(
        'base64url',
      );
      const forged = `${header}.${forgedBody}.${signature}`;
      expect(await refusal(visitor({ visitorToken: forged }))).toEqual({
        code: 'Unauthenticated',
        message: 'visitor token invalid',
      });

      // Signed with the app's real key, but 40 days ago with a one-minute lifetime.
      const past = new TokenSigner(t.app.get(SECRET_KEY), () => Date.now() - 40 * 24 * 3600_000);
      const expired = past.sign(claims, 60, 'visitor').token;
      expect(await refusal(visitor({ visitorToken: expired }))).toEqual({
        code: 'Unauthenticated',
        message: 'visitor token expired',
      });
      expect(await refusal(visitor({ visitorToken: 'not.a.token' }))).toEqual({
        code: 'Unauthenticated',
        message: 'visitor token invalid',
      });
      // A console token is signed for another purpose: never a visitor token.
      const consoleToken = await acme.consoleToken('purpose@example.com');
      expect(await refusal(visitor({ visitorToken: consoleToken }))).toMatchObject({ code: 'Unauthenticated' });

      const globexVisitor = await connectWidget(t.baseUrl, { siteKey: globexSiteKey });
      open.push(globexVisitor);
      expect(await refusal(visitor({ visitorToken: globexVisitor.session.visitorToken }))).toEqual({
        code: 'Forbidden',
        message: 'visitor token was issued for another site',
      });
    });

    it('a rotated site key stops opening chats; the new one works', async () => {
      const rotated = await json(await acme.call('POST', '/v1/widget-settings/rotate-site-key'));
      expect(rotated.siteKey).not.toBe(siteKey);
      const old = siteKey;
      siteKey = rotated.siteKey;
      expect(await refusal(connectWidget(t.baseUrl, { siteKey: old }))).toEqual({
        code: 'NotFound',
        message: 'unknown site key',
      });
      expect((await visitor()).session.state).toBe('bot');
    });
  });

  describe('messages', () => {
    it('stores the message, acknowledges it, streams the reply token by token, then the reply with citations', async () => {
      const client = await visitor();
      const ack = await client.request('message', { text: 'When do express parcels arrive?' });
      expect(ack).toEqual({
        ok: true,
        message: expect.objectContaining({ seq: 1, role: 'visitor', text: 'When do express parcels arrive?' }),
      });
      const [, reply] = await client.waitFor('message', 2, 'the bot reply');
      expect(reply).toMatchObject({ seq: 2, role: 'bot', conversationId: client.session.conversationId });
      expect(reply.citations.length).toBeGreaterThan(0);
      expect(reply.citations[0]).toMatchObject({ title: 'Shipping', headingPath: ['Shipping', 'Express'] });
      expect(reply.text).toMatch(/next morning/);

      const streamed = client.events.filter((entry) => entry.event === 'reply.token');
      expect(streamed.length).toBeGreaterThan(0);
      expect(streamed.map((entry) => entry.payload.token).join('')).toBe(reply.text);
      expect(new Set(streamed.map((entry) => entry.payload.replyId)).size).toBe(1);
      // Every token before the stored reply; the visitor's own message before any of them.
      const order = client.events.map((entry) => entry.event).filter((event) => event !== 'typing');
      expect(order).toEqual(['session', 'message', ...streamed.map(() => 'reply.token'), 'message']);
    });

    it('answers malformed events with ValidationFailed naming the problem, stores nothing and stays connected', async () => {
      const client = await visitor();
      const cases: [unknown[], string | RegExp][] = [
        [['hello'], 'payload: expected an object, got a string'],
        [[null], 'payload: expected an object, got null'],
        [[['text']], 'payload: expected an object, got an array'],
        [[], 'payload: expected an object, got nothing'],
        [[{}], 'text: required'],
        [[{ text: 42 }], 'text: expected a string'],
        [[{ text: { $gt: '' } }], 'text: expected a string'],
        [[{ text: '   ' }], 'text: must not be empty'],
        [[{ text: 'x'.repeat(4001) }], 'text: at most 4000 characters (CONVERSATION_MAX_MESSAGE_CHARS), got 4001'],
        [[{ text: 'x'.repeat(200_000) }], /^text: at most 4000 characters \(CONVERSATION_MAX_MESSAGE_CHARS\)/],
      ];
      for (const [args, message] of cases) {
        const ack = await client.request('message', ...args);
        expect(ack).toEqual({ ok: false, error: { code: 'ValidationFailed', message: expect.any(String) } });
        expect(ack.error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
      }
      // No acknowledgement callback at all: nothing to answer, nothing breaks.
      client.socket.emit('message', 42);
      client.socket.emit('message', { text: 'sent without an ack' });
      client.socket.emit('no_such_event', { conversationId: 'anything' });
      await waitFor('the un-acked message to be stored', async () =>
        (await storedTexts(client.session.conversationId)).includes('sent without an ack'),
      );
      expect(client.socket.connected).toBe(true);
      expect((await storedTexts(client.session.conversationId))[0]).toBe('sent without an ack');
    });

    it('stores HTML and script verbatim and echoes it as text (clients render it as text)', async () => {
      const client = await visitor();
      const text = `<script>alert('x')</script><img src=x onerror="alert(1)"> & <b>bold</b> \u202e`;
      const ack = await client.request('message', { text });
      expect(ack.message.text).toBe(text);
      const [echo] = await client.waitFor('message');
      expect(echo.text).toBe(text);
      expect((await storedTexts(client.session.conversationId))[0]).toBe(text);
    });

    it('refuses a flood of messages from one visitor with RateLimited and retryAfterSeconds, across connections', async () => {
      const first = await visitor();
      const second = await visitor({ visitorToken: first.session.visitorToken });
      const results = [];
      for (let i = 0; i < VISITOR_MESSAGES + 1; i++) {
        results.push(await (i % 2 ? second : first).request('message', { text: `question ${i}` }));
      }
      expect(results.slice(0, VISITOR_MESSAGES).every((result) => result.ok)).toBe(true);
      const refused = results[VISITOR_MESSAGES];
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'RateLimited',
          message: expect.stringMatching(
            /^rate limit exceeded: 4 messages per visitor per 10 minutes; retry in \d+ s$/,
          ),
          details: { limit: 4, windowSeconds: 600, retryAfterSeconds: expect.any(Number) },
        },
      });
      expect(refused.error.details.retryAfterSeconds).toBeGreaterThan(0);
      const stored = await storedTexts(first.session.conversationId);
      expect(stored.filter((text) => text.startsWith('question '))).toHaveLength(VISITOR_MESSAGES);
    });

    it('limits the events of one connection (RATE_LIMIT_SOCKET_EVENTS), answering RateLimited', async () => {
      const client = await visitor();
      const answers = [];
      for (let i = 0; i < 21; i++) answers.push(await client.request('message', {}));
      expect(answers[19].error.code).toBe('ValidationFailed');
      expect(answers[20].error).toMatchObject({
        code: 'RateLimited',
        message: expect.stringMatching(/^rate limit exceeded: 20 events per connection per 10 minutes/),
      });
      expect(client.socket.connected).toBe(true);
    });

    it('request_human moves the conversation to pending_human; the visitor sees the state and a system message', async () => {
      const client = await visitor();
      expect(await client.request('request_human', {})).toEqual({ ok: true, state: 'pending_human' });
      const [state] = await client.waitFor('state');
      expect(state).toEqual({ state: 'pending_human', reason: 'request_human' });
      const [system] = await client.waitFor('message');
      expect(system).toMatchObject({ role: 'system', text: 'A human agent will join shortly.' });
      expect((await client.request('request_human')).error).toMatchObject({ code: 'Conflict' });
    });
  });

  describe('reconnecting', () => {
    it('a reconnect with the token and lastSeq gets every missed message once, in order, then live ones', async () => {
      const consoleSocket = await connectConsole(t.baseUrl, { token: await acme.consoleToken('ada@example.com') });
      open.push(consoleSocket);
      const first = await visitor();
      const { conversationId, visitorToken } = first.session;
      await first.request('request_human');
      await first.waitFor('message', 1);
      expect(await consoleSocket.request('take_over', { conversationId })).toMatchObject({ ok: true });
      await first.request('message', { text: 'hello?' });
      const seen = await first.waitFor('message', 3);
      const lastSeq = seen[seen.length - 1].seq;
      first.close();

      // Missed while away: three human replies, written through the console and the service.
      await consoleSocket.request('reply', { conversationId, text: 'missed one' });
      await consoleSocket.request('reply', { conversationId, text: 'missed two' });
      const service = t.app.get(ConversationsService);
      await service.postHumanMessage(acmeTenantId, conversationId, { kind: 'api_key', id: null }, 'missed three');

      const back = await visitor({ visitorToken, lastSeq });
      expect(back.session).toMatchObject({ conversationId, state: 'human' });
      expect(back.session.visitorToken).toEqual(expect.any(String));
      const replayed = await back.waitFor('message', 3);
      expect(replayed.map((message) => [message.seq, message.text])).toEqual([
        [lastSeq + 1, 'missed one'],
        [lastSeq + 2, 'missed two'],
        [lastSeq + 3, 'missed three'],
      ]);
      await consoleSocket.request('reply', { conversationId, text: 'live again' });
      const all = await back.waitFor('message', 4);
      expect(all.map((message) => message.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4]);
      expect(back.events[0].event).toBe('session');

      // The fresh token resumes too; lastSeq 0 replays the whole conversation once.
      const again = await visitor({ visitorToken: back.session.visitorToken, lastSeq: 0 });
      const everything = await again.waitFor('message', lastSeq + 4);
      expect(everything.map((message) => message.seq)).toEqual([...Array(lastSeq + 4).keys()].map((i) => i + 1));
    });

    it('a lastSeq beyond the conversation replays nothing and still delivers new messages', async () => {
      const first = await visitor();
      const back = await visitor({ visitorToken: first.session.visitorToken, lastSeq: 1000 });
      await back.request('message', { text: 'from the resumed tab' });
      const [echo] = await back.waitFor('message');
      expect(echo).toMatchObject({ seq: 1, text: 'from the resumed tab' });
    });

    it('a visitor cannot reach another conversation: its socket only ever carries its own', async () => {
      const alice = await visitor();
      const bob = await visitor();
      await alice.request('message', { text: 'alice asks about refunds' });
      await alice.waitFor('message', 2, "alice's reply");
      await bob.request('message', { text: 'bob asks' });
      await bob.waitFor('message', 1);
      const carried = [...messages(bob), ...bob.payloads('reply.token')];
      expect(
        carried.every((event) => !event.conversationId || event.conversationId === bob.session.conversationId),
      ).toBe(true);
      expect(JSON.stringify(bob.events)).not.toContain(alice.session.conversationId);
      expect(JSON.stringify(bob.events)).not.toContain('alice');
    });
  });
});

describe('widget settings (REST, admin API key)', () => {
  let t: TestApp;
  let acme: ReturnType<typeof adminClient>;
  let agentKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    const tenant = await t.newTenant('acme');
    acme = adminClient(t.baseUrl, tenant.adminKey);
    const created = await acme.call('POST', '/v1/api-keys', { name: 'agents only', scopes: ['agent'] });
    agentKey = (await json(created)).key;
  });

  afterAll(() => t?.close());

  it('404 before configuring, then creates, reads, updates (keeping key and theme) and rotates', async () => {
    expect((await acme.call('GET', '/v1/widget-settings')).status).toBe(404);
    const agentId = await acme.createAgent('helper');
    const put = await acme.call('PUT', '/v1/widget-settings', {
      agentId,
      allowedOrigins: ['https://Shop.Example.com/', 'http://localhost:8080', 'https://shop.example.com'],
      theme: { title: 'Help', color: '#112233' },
    });
    expect(put.status).toBe(200);
    const created = await json(put);
    expect(created).toEqual({
      siteKey: expect.stringMatching(/^site_[0-9a-f]{24}$/),
      agentId,
      allowedOrigins: ['https://shop.example.com', 'http://localhost:8080'],
      theme: { title: 'Help', color: '#112233', greeting: 'Hi! How can we help?' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await json(await acme.call('GET', '/v1/widget-settings'))).toEqual(created);

    const updated = await json(
      await acme.call('PUT', '/v1/widget-settings', { agentId, allowedOrigins: [], theme: { greeting: 'Hello' } }),
    );
    expect(updated).toMatchObject({
      siteKey: created.siteKey,
      allowedOrigins: [],
      theme: { title: 'Help', color: '#112233', greeting: 'Hello' },
    });
    const rotated = await acme.call('POST', '/v1/widget-settings/rotate-site-key');
    expect(rotated.status).toBe(200);
    expect((await json(rotated)).siteKey).not.toBe(created.siteKey);
  });

  it.each([
    [{ agentId: undefined, allowedOrigins: [] }, /agentId: Required/],
    [{ agentId: 'nope', allowedOrigins: [] }, /agentId: expected a UUID/],
    [{ allowedOrigins: ['not a url'] }, /allowedOrigins: "not a url" is not an origin/],
    [{ allowedOrigins: ['https://shop.example.com/path'] }, /is not an origin such as https:\/\/shop.example.com/],
    [{ allowedOrigins: ['ftp://shop.example.com'] }, /is not an origin/],
    [{ allowedOrigins: 'https://shop.example.com' }, /allowedOrigins: Expected array/],
    [{ allowedOrigins: [], theme: { color: 'red' } }, /theme.color: expected a colour such as #2563eb/],
    [{ allowedOrigins: [], theme: { font: 'Comic Sans' } }, /Unrecognized key/],
    [{ allowedOrigins: [], extra: true }, /Unrecognized key/],
  ])('refuses a bad body with 400 naming the field (%#)', async (body, message) => {
    const agentId = await acme.createAgent(`agent-${Math.random().toString(36).slice(2, 8)}`);
    const response = await acme.call('PUT', '/v1/widget-settings', { agentId, ...body });
    expect(response.status).toBe(400);
    expect((await json(response)).message).toMatch(message);
  });

  it('refuses an agent of another tenant or none (404) and keys without the admin scope (403)', async () => {
    const globex = adminClient(t.baseUrl, (await t.newTenant('globex')).adminKey);
    const foreignAgent = await globex.createAgent('theirs');
    const response = await acme.call('PUT', '/v1/widget-settings', { agentId: foreignAgent, allowedOrigins: [] });
    expect(response.status).toBe(404);
    expect((await json(response)).message).toBe(`agent ${foreignAgent} not found`);
    expect((await globex.call('GET', '/v1/widget-settings')).status).toBe(404);
    expect((await globex.call('POST', '/v1/widget-settings/rotate-site-key')).status).toBe(404);
    const asAgent = adminClient(t.baseUrl, agentKey);
    expect((await asAgent.call('GET', '/v1/widget-settings')).status).toBe(403);
  });
});
