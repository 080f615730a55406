import type { Namespace } from 'socket.io';
import { SECRET_KEY, TokenSigner } from '@app/core';
import { WidgetGateway } from '../../apps/api/src/realtime/widget.gateway';
import { HELP_CENTRE } from '../support/agent-fixtures';
import { HeldModelServer } from '../support/held-model-server';
import { knowledgeClient } from '../support/knowledge-client';
import {
  adminClient,
  connectConsole,
  connectWidget,
  refusal,
  RecordedSocket,
  WidgetClient,
} from '../support/socket-clients';
import { json, startTestAppWith, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const FIRST_SENTENCE = 'Express parcels ordered before noon arrive the next morning [1]. ';
const QUESTION = 'When do express parcels arrive?';

describe('/console socket (real socket.io clients)', () => {
  const model = new HeldModelServer();
  let t: TestApp;
  let acme: ReturnType<typeof adminClient>;
  let globex: ReturnType<typeof adminClient>;
  let siteKey: string;
  let acmeToken: string;
  let globexToken: string;
  let acmeAdminKey: string;
  let globexAdminKey: string;
  const open: RecordedSocket[] = [];

  const track = <T extends RecordedSocket>(client: T): T => {
    open.push(client);
    return client;
  };
  const agentConsole = async (token = acmeToken) => track(await connectConsole(t.baseUrl, { token }));
  const visitor = async (auth: Record<string, unknown> = {}): Promise<WidgetClient> =>
    track(await connectWidget(t.baseUrl, { siteKey, ...auth }));
  const roles = async (conversationId: string) =>
    (
      await t.pool.query('SELECT role FROM messages WHERE conversation_id = $1 ORDER BY seq', [conversationId])
    ).rows.map((row) => row.role);
  /** White-box: the server's /widget sockets, to know when it has seen a tab close. */
  const widgetSockets = () => (t.app.get(WidgetGateway) as unknown as { namespace: Namespace }).namespace.sockets;
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

  beforeAll(async () => {
    await model.start();
    t = await startTestAppWith({
      SLM_GENERATOR: 'openai:held',
      SLM_OPENAI_BASE_URL: model.url,
      SLM_OPENAI_RETRIES: '0',
    });
    const acmeTenant = await t.newTenant('acme');
    acmeAdminKey = acmeTenant.adminKey;
    acme = adminClient(t.baseUrl, acmeAdminKey);
    const knowledge = knowledgeClient(t, acmeTenant.adminKey);
    const collectionId = await knowledge.createReadyCollection('help centre', HELP_CENTRE);
    siteKey = await acme.configureWidget(await acme.createAgent('helper', [collectionId]));
    acmeToken = await acme.consoleToken('ada@acme.example', 'Ada');
    globexAdminKey = (await t.newTenant('globex')).adminKey;
    globex = adminClient(t.baseUrl, globexAdminKey);
    globexToken = await globex.consoleToken('eve@globex.example', 'Eve');
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await model.stop();
    await t?.close();
  });

  describe('handshake', () => {
    it('refuses a missing, garbage, expired or visitor token, and a deleted user', async () => {
      expect(await refusal(connectConsole(t.baseUrl, {}))).toEqual({
        code: 'ValidationFailed',
        message: 'token: required (the token from POST /v1/auth/login)',
      });
      expect(await refusal(connectConsole(t.baseUrl, { token: 'garbage' }))).toEqual({
        code: 'Unauthenticated',
        message: 'token invalid',
      });
      const tampered = acmeToken.slice(0, -2) + (acmeToken.endsWith('AA') ? 'BB' : 'AA');
      expect(await refusal(connectConsole(t.baseUrl, { token: tampered }))).toMatchObject({ code: 'Unauthenticated' });
      const past = new TokenSigner(t.app.get(SECRET_KEY), () => Date.now() - 3600_000);
      const { sub, tid, role } = claimsOf(acmeToken);
      const expired = past.sign({ sub, tid, role }, 60, 'console').token;
      expect(await refusal(connectConsole(t.baseUrl, { token: expired }))).toEqual({
        code: 'Unauthenticated',
        message: 'token expired',
      });
      const widget = await visitor();
      expect(await refusal(connectConsole(t.baseUrl, { token: widget.session.visitorToken }))).toEqual({
        code: 'Unauthenticated',
        message: 'token invalid',
      });

      const leaverToken = await acme.consoleToken('leaver@acme.example');
      expect((await agentConsole(leaverToken)).socket.connected).toBe(true);
      expect((await acme.call('DELETE', `/v1/users/${claimsOf(leaverToken).sub}`)).status).toBe(204);
      expect(await refusal(connectConsole(t.baseUrl, { token: leaverToken }))).toEqual({
        code: 'Unauthenticated',
        message: 'this user no longer exists',
      });
    });
  });

  describe('tenancy', () => {
    it("lists and announces the agent's own tenant's conversations only", async () => {
      const acmeConsole = await agentConsole();
      const globexConsole = await agentConsole(globexToken);
      const widget = await visitor();
      const { conversationId } = widget.session;
      const [announced] = await acmeConsole.waitFor('conversation.updated');
      expect(announced).toMatchObject({ id: conversationId, state: 'bot', channel: 'widget', lastSeq: 0 });

      const listed = await acmeConsole.request('conversations.list', {});
      expect(listed.ok).toBe(true);
      expect(listed.conversations.map((c: { id: string }) => c.id)).toContain(conversationId);
      expect((await acmeConsole.request('conversations.list', { state: 'resolved' })).conversations).toEqual([]);
      expect(await acmeConsole.request('conversations.list', { state: 'closed' })).toEqual({
        ok: false,
        error: { code: 'ValidationFailed', message: 'state: expected one of bot, pending_human, human, resolved' },
      });
      expect(await acmeConsole.request('conversations.list', 'all')).toMatchObject({
        error: { code: 'ValidationFailed', message: 'payload: expected an object, got a string' },
      });
      expect((await globexConsole.request('conversations.list', {})).conversations).toEqual([]);
      expect(JSON.stringify(globexConsole.events)).not.toContain(conversationId);
    });

    it('an agent of another tenant cannot subscribe to, take over, answer, hand back or resolve a conversation (NotFound)', async () => {
      const widget = await visitor();
      const { conversationId } = widget.session;
      const intruder = await agentConsole(globexToken);
      const notFound = { ok: false, error: { code: 'NotFound', message: `conversation ${conversationId} not found` } };
      expect(await intruder.request('subscribe', { conversationId })).toEqual(notFound);
      expect(await intruder.request('take_over', { conversationId })).toEqual(notFound);
      expect(await intruder.request('reply', { conversationId, text: 'hi from globex' })).toEqual(notFound);
      expect(await intruder.request('hand_back', { conversationId })).toEqual(notFound);
      expect(await intruder.request('resolve', { conversationId })).toEqual(notFound);
      intruder.socket.emit('typing', { conversationId });
      expect(await intruder.request('subscribe', { conversationId: 'not-a-uuid' })).toEqual({
        ok: false,
        error: { code: 'ValidationFailed', message: 'conversationId: expected a conversation id (UUID)' },
      });
      expect(await intruder.request('reply', { conversationId, text: 42 })).toMatchObject({
        error: { code: 'ValidationFailed', message: 'text: expected a string' },
      });

      const { rows } = await t.pool.query('SELECT state, assignee_id FROM conversations WHERE id = $1', [
        conversationId,
      ]);
      expect(rows).toEqual([{ state: 'bot', assignee_id: null }]);
      expect(await roles(conversationId)).toEqual([]);
      expect(JSON.stringify(intruder.events)).not.toContain(conversationId);
      expect(widget.payloads('typing')).toEqual([]);
    });
  });

  describe('handoff', () => {
    it('a takeover mid-stream cancels the reply: the visitor sees reply.cancelled and the system message, the bot reply is never stored', async () => {
      const agent = await agentConsole();
      const widget = await visitor();
      const { conversationId } = widget.session;
      const subscribed = await agent.request('subscribe', { conversationId });
      expect(subscribed).toMatchObject({ ok: true, conversation: { id: conversationId, state: 'bot' }, messages: [] });

      const before = model.held.length;
      await widget.request('message', { text: QUESTION });
      const completion = await model.next(before);
      model.write(completion, FIRST_SENTENCE + 'Standard');
      const [token] = await widget.waitFor('reply.token', 1, 'the first streamed sentence');
      expect(FIRST_SENTENCE.startsWith(token.token)).toBe(true);
      const [agentToken] = await agent.waitFor('reply.token');
      expect(agentToken).toEqual({ conversationId, replyId: token.replyId, token: token.token });

      const takeOver = await agent.request('take_over', { conversationId });
      expect(takeOver).toMatchObject({
        ok: true,
        conversation: { id: conversationId, state: 'human', assigneeId: claimsOf(acmeToken).sub },
        contextPack: {
          summary: `The visitor wrote: "${QUESTION}"`,
          lastBotAnswer: null,
          transcript: [
            expect.objectContaining({ role: 'visitor', text: QUESTION }),
            expect.objectContaining({ role: 'system', text: "You're now chatting with Ada." }),
          ],
        },
      });
      const [cancelled] = await widget.waitFor('reply.cancelled');
      expect(cancelled).toEqual({ replyId: token.replyId, reason: 'human_took_over' });
      expect(await widget.waitFor('state')).toEqual([{ state: 'human', reason: 'take_over' }]);
      const visitorMessages = await widget.waitFor('message', 2);
      expect(visitorMessages[1]).toMatchObject({ seq: 2, role: 'system', text: "You're now chatting with Ada." });
      expect(await agent.waitFor('reply.cancelled')).toEqual([
        { conversationId, replyId: token.replyId, reason: 'human_took_over' },
      ]);
      await waitFor('the model request to be aborted', () => model.closedEarly > 0);
      expect(await roles(conversationId)).toEqual(['visitor', 'system']);

      // The human answers; both sides see it once, and the state changes reach the tenant's consoles.
      agent.socket.emit('typing', { conversationId });
      await waitFor('the human typing', () => widget.payloads('typing').some((typing) => typing.role === 'human'));
      const reply = await agent.request('reply', { conversationId, text: '<i>Hi</i>, Ada here.' });
      expect(reply).toMatchObject({ ok: true, message: { seq: 3, role: 'human', text: '<i>Hi</i>, Ada here.' } });
      expect((await widget.waitFor('message', 3))[2]).toMatchObject({
        seq: 3,
        role: 'human',
        text: '<i>Hi</i>, Ada here.',
      });
      expect((await agent.waitFor('message', 3)).map((message) => message.seq)).toEqual([1, 2, 3]);
      widget.socket.emit('typing', {});
      await waitFor('the visitor typing', () => agent.payloads('typing').some((typing) => typing.role === 'visitor'));
      expect(agent.payloads('typing')).toContainEqual({ conversationId, role: 'visitor' });

      expect(await agent.request('hand_back', { conversationId })).toMatchObject({
        ok: true,
        conversation: { state: 'bot', assigneeId: null },
      });
      expect(await agent.request('resolve', { conversationId })).toMatchObject({ conversation: { state: 'resolved' } });
      expect(await agent.request('resolve', { conversationId })).toMatchObject({
        ok: false,
        error: { code: 'Conflict' },
      });
      const states = agent.payloads('conversation.updated').filter((c) => c.id === conversationId);
      expect(states.map((c) => c.state)).toEqual(['bot', 'human', 'bot', 'resolved']);
      expect((await widget.waitFor('state', 3)).map((s) => s.state)).toEqual(['human', 'bot', 'resolved']);
      const final = await agent.waitFor('message', 5);
      expect(new Set(final.map((message) => message.seq)).size).toBe(final.length);
    });

    it('subscribe returns the transcript, then live messages arrive once each; unsubscribe stops them', async () => {
      const widget = await visitor();
      const { conversationId } = widget.session;
      const agent = await agentConsole();
      await agent.request('take_over', { conversationId });
      await widget.request('message', { text: 'first' });
      const subscribed = await agent.request('subscribe', { conversationId });
      expect(subscribed.messages.map((message: { text: string }) => message.text)).toEqual([
        "You're now chatting with Ada.",
        'first',
      ]);
      await widget.request('message', { text: 'second' });
      const [live] = await agent.waitFor('message');
      expect(live).toMatchObject({ seq: 3, text: 'second' });

      expect(await agent.request('unsubscribe', { conversationId })).toEqual({ ok: true });
      await widget.request('message', { text: 'third' });
      await agent.request('reply', { conversationId, text: 'answer after unsubscribing' });
      expect(agent.payloads('message')).toHaveLength(1);
    });

    it('a visitor who closes the tab while a reply is written stops it, unless another tab is still open', async () => {
      const agent = await agentConsole();
      const first = await visitor();
      const { conversationId, visitorToken } = first.session;
      const second = await visitor({ visitorToken });
      await agent.request('subscribe', { conversationId });

      // One of two tabs closes: the reply goes on and reaches the other tab.
      let before = model.held.length;
      await first.request('message', { text: QUESTION });
      let completion = await model.next(before);
      const firstId = first.socket.id!;
      first.close();
      await waitFor('the server to see the first tab go', () => !widgetSockets().has(firstId));
      model.finish(completion, FIRST_SENTENCE);
      const [botReply] = (await second.waitFor('message', 2)).slice(1);
      expect(botReply).toMatchObject({ role: 'bot', text: FIRST_SENTENCE.trim() });

      // The last tab closes while the next reply is written: it is cancelled and never stored.
      const closedEarly = model.closedEarly;
      before = model.held.length;
      await second.request('message', { text: 'How long do refunds take?' });
      completion = await model.next(before);
      second.close();
      expect(await agent.waitFor('reply.cancelled')).toEqual([
        { conversationId, replyId: expect.any(String), reason: 'visitor_left' },
      ]);
      await waitFor('the model request to be aborted', () => model.closedEarly > closedEarly);
      expect(await roles(conversationId)).toEqual(['visitor', 'bot', 'visitor']);
    });
  });

  it("forwards document ingestion progress to the tenant's consoles only", async () => {
    const acmeConsole = await agentConsole();
    const globexConsole = await agentConsole(globexToken);
    const progressOf = (client: RecordedSocket, documentId: string) =>
      waitFor(`document ${documentId} to be ready`, () => {
        const events = client.payloads('document.progress').filter((event) => event.documentId === documentId);
        return events.some((event) => event.status === 'ready') && events;
      });
    const upload = async (adminKey: string, title: string) => {
      const knowledge = knowledgeClient(t, adminKey);
      const collectionId = await knowledge.createCollection(`progress ${title}`);
      const response = await knowledge.uploadText(
        collectionId,
        title,
        `# ${title}\n\n${title} are free within 30 days.`,
      );
      return { collectionId, documentId: (await json(response)).data[0].id as string };
    };
    const ours = await upload(acmeAdminKey, 'Returns');
    const events = await progressOf(acmeConsole, ours.documentId);
    expect(events.at(-1)).toMatchObject({ ...ours, status: 'ready', chunkCount: expect.any(Number) });
    expect(events[0]).not.toHaveProperty('tenantId');

    const theirs = await upload(globexAdminKey, 'Exchanges');
    await progressOf(globexConsole, theirs.documentId);
    expect(JSON.stringify(globexConsole.payloads('document.progress'))).not.toContain(ours.documentId);
    expect(JSON.stringify(acmeConsole.payloads('document.progress'))).not.toContain(theirs.documentId);
  });
});
