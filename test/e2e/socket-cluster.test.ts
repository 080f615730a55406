import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP_CENTRE } from '../support/agent-fixtures';
import { cleanEnv, RunningProcess } from '../support/child-process';
import { HeldModelServer } from '../support/held-model-server';
import { runEntryPoint } from '../support/run-process';
import { requireService, serviceUrl } from '../support/services';
import { adminClient, connectConsole, connectWidget, RecordedSocket, WidgetClient } from '../support/socket-clients';
import { json } from '../support/test-app';
import { createTestDatabaseUrl } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/**
 * Two real api processes sharing PostgreSQL and Redis: a visitor on one and a human agent on the other
 * see each other's messages, the streamed bot reply and the handoff, each exactly once, and a takeover
 * on one stops the reply the other is streaming. Needs both services (PGlite belongs to one process):
 * skipped without them, failing under SEED_TEST_SERVICES=required.
 */
const API = 'apps/api/src/main.ts';
const INGEST = 'libs/rag/src/cli/ingest.cli.ts';
const available = serviceUrl('postgres') !== undefined && serviceUrl('redis') !== undefined;

(available ? describe : describe.skip)('socket.io across two api processes (Redis adapter)', () => {
  let database: { url?: string; drop(): Promise<void> };
  // The generator of both processes. Only an agent with knowledge calls it: one without answers
  // "no_knowledge" and hands off, model-free.
  const model = new HeldModelServer();
  const processes: RunningProcess[] = [];
  const sockets: RecordedSocket[] = [];
  let env: NodeJS.ProcessEnv;
  let first: string;
  let second: string;

  const startApi = async (): Promise<string> => {
    const port = await freePort();
    const api = new RunningProcess(API, { ...env, PORT: String(port) });
    processes.push(api);
    await api.waitForLine(/seed api listening on/, 90_000);
    return `http://127.0.0.1:${port}`;
  };
  const track = <T extends RecordedSocket>(socket: T): T => {
    sockets.push(socket);
    return socket;
  };
  /** A new tenant (through the CLI, as an operator would): its admin API key. */
  const createTenant = async (name: string): Promise<string> => {
    const created = await runEntryPoint('apps/api/src/cli/tenant-create.cli.ts', env, ['--name', name]);
    expect(created.code).toBe(0);
    return created.stdout.trim().split('\n').at(-1)!;
  };

  beforeAll(async () => {
    const redisUrl = await requireService('redis');
    await requireService('postgres');
    await model.start();
    database = await createTestDatabaseUrl();
    env = cleanEnv({
      DATABASE_URL: database.url!,
      REDIS_URL: redisUrl,
      // Every process of a deployment shares the key: a visitor token from one must resume on the other.
      SEED_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
      SLM_GENERATOR: 'openai:held',
      SLM_OPENAI_BASE_URL: model.url,
      SLM_OPENAI_RETRIES: '0',
    });
    first = await startApi(); // applies the migrations
    second = await startApi();
  }, 240_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(processes.map((api) => api.stop('SIGKILL')));
    await model.stop();
    await database?.drop();
  });

  it('a visitor on process 1 and an agent on process 2 see each other, the streamed reply and the handoff once', async () => {
    const adminKey = await createTenant('acme');
    const admin = adminClient(first, adminKey);
    const siteKey = await admin.configureWidget(await admin.createAgent('helper'));
    const token = await adminClient(second, adminKey).consoleToken('ada@acme.example', 'Ada');

    const agent = track(await connectConsole(second, { token }));
    const visitor: WidgetClient = track(await connectWidget(first, { siteKey }));
    const { conversationId, visitorToken } = visitor.session;
    // The same visitor's second tab, on the other process.
    const otherTab: WidgetClient = track(await connectWidget(second, { siteKey, visitorToken }));
    expect(otherTab.session.conversationId).toBe(conversationId);

    const [announced] = await agent.waitFor('conversation.updated', 1, 'the new conversation on the console');
    expect(announced).toMatchObject({ id: conversationId, state: 'bot', channel: 'widget' });
    expect(await agent.request('subscribe', { conversationId })).toMatchObject({ ok: true, messages: [] });

    expect(await visitor.request('message', { text: 'Hello, can you help me?' })).toMatchObject({ ok: true });
    const [asked, answered] = await agent.waitFor('message', 2, 'the visitor message and the bot reply');
    expect(asked).toMatchObject({ seq: 1, role: 'visitor', text: 'Hello, can you help me?' });
    expect(answered).toMatchObject({ seq: 2, role: 'bot' });
    const tokens = agent.payloads('reply.token');
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((token) => token.token).join('')).toBe(answered.text);
    expect(tokens.every((token) => token.conversationId === conversationId)).toBe(true);
    // The agent has no knowledge: the bot says so and hands off (process 1), and the console (process 2) sees it.
    await waitFor('the bot handoff on the console', () =>
      agent.payloads('conversation.updated').some((c) => c.id === conversationId && c.state === 'pending_human'),
    );
    const tabMessages = await otherTab.waitFor('message', 3);
    expect(tabMessages.map((message) => [message.seq, message.role])).toEqual([
      [1, 'visitor'],
      [2, 'bot'],
      [3, 'system'],
    ]);

    const takeOver = await agent.request('take_over', { conversationId });
    expect(takeOver).toMatchObject({ ok: true, conversation: { state: 'human' } });
    await waitFor('the takeover on the visitor side', () => visitor.payloads('state').some((s) => s.state === 'human'));
    const reply = await agent.request('reply', { conversationId, text: 'Hi, Ada here. How can I help?' });
    expect(reply).toMatchObject({ ok: true, message: { role: 'human' } });

    for (const tab of [visitor, otherTab]) {
      const seen = await waitFor('the human reply in the widget', () => {
        const messages = tab.payloads('message');
        return messages.some((message) => message.role === 'human') && messages;
      });
      expect(seen.filter((message) => message.role === 'system').at(-1)).toMatchObject({
        text: "You're now chatting with Ada.",
      });
      expect(seen.at(-1)).toMatchObject({ role: 'human', text: 'Hi, Ada here. How can I help?' });
      expect(seen.map((message) => message.seq)).toEqual(seen.map((_, i) => i + 1));
    }

    visitor.socket.emit('typing', {});
    await waitFor('the visitor typing on the console', () =>
      agent.payloads('typing').some((typing) => typing.role === 'visitor'),
    );
    const consoleSeqs = agent.payloads('message').map((message) => message.seq);
    expect(consoleSeqs).toEqual(consoleSeqs.map((_, i) => i + 1));
  });

  it('a takeover on process 2 stops the reply process 1 is streaming at once, and its model request', async () => {
    const adminKey = await createTenant('globex');
    const admin = adminClient(first, adminKey);
    const collectionId = await createReadyCollection(admin, env);
    const siteKey = await admin.configureWidget(await admin.createAgent('helper', [collectionId]));
    const token = await adminClient(second, adminKey).consoleToken('ada@globex.example', 'Ada');
    const agent = track(await connectConsole(second, { token }));
    const visitor: WidgetClient = track(await connectWidget(first, { siteKey }));
    const { conversationId } = visitor.session;
    expect(await agent.request('subscribe', { conversationId })).toMatchObject({ ok: true });

    const [asked, abandoned] = [model.held.length, model.closedEarly];
    expect(await visitor.request('message', { text: 'When do express parcels arrive?' })).toMatchObject({ ok: true });
    const completion = await model.next(asked);
    model.write(completion, 'Express parcels ordered before noon arrive the next morning [1]. Standard');
    const [streamed] = await visitor.waitFor('reply.token', 1, 'the first grounded sentence');
    await agent.waitFor('reply.token', 1, 'the streamed sentence on the console');

    const takeOver = await agent.request('take_over', { conversationId });
    expect(takeOver).toMatchObject({ ok: true, conversation: { state: 'human' } });
    // Process 1 hears of the takeover through Redis and aborts the reply while the model is still
    // writing it (the completion is never finished: without the abort, no reply.cancelled would come).
    const [cancelled] = await visitor.waitFor('reply.cancelled', 1, 'the cancelled reply in the widget');
    expect(cancelled).toEqual({ replyId: streamed.replyId, reason: 'human_took_over' });
    await waitFor('the model request to be aborted', () => model.closedEarly > abandoned);
    await agent.waitFor('reply.cancelled', 1, 'the cancelled reply on the console');

    // Once the takeover message arrived too, each side has heard of the cancellation exactly once.
    await waitFor('the takeover message in the widget', () =>
      visitor.payloads('message').some((message) => message.role === 'system'),
    );
    expect(visitor.payloads('reply.cancelled')).toHaveLength(1);
    expect(agent.payloads('reply.cancelled')).toEqual([
      { conversationId, replyId: streamed.replyId, reason: 'human_took_over' },
    ]);
    const transcript = await json(await admin.call('GET', `/v1/conversations/${conversationId}/transcript`));
    expect(transcript.messages.map((message: { role: string }) => message.role)).toEqual(['visitor', 'system']);
  }, 180_000);

  it('both processes stop on SIGTERM with their sockets open (the Redis adapter lets go)', async () => {
    const exits = await Promise.all(processes.map((api) => api.stop('SIGTERM')));
    // Nest closes the app, then re-raises the signal; a hang would end in SIGKILL instead.
    for (const exit of exits) expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  });
});

/**
 * A collection of the help-centre pages, every one ready. The api processes only queue jobs for a
 * worker, so the pages are loaded with `npm run ingest`, without REDIS_URL: on its own in-process
 * queue, where no worker of another test sharing this Redis can take its jobs.
 */
async function createReadyCollection(admin: ReturnType<typeof adminClient>, env: NodeJS.ProcessEnv): Promise<string> {
  const created = await admin.call('POST', '/v1/collections', { name: 'help centre' });
  expect(created.status).toBe(201);
  const collectionId: string = (await json(created)).id;
  const folder = mkdtempSync(join(tmpdir(), 'seed-cluster-'));
  try {
    for (const page of HELP_CENTRE) writeFileSync(join(folder, `${page.title}.md`), page.text);
    const ingested = await runEntryPoint(
      INGEST,
      { ...env, REDIS_URL: undefined },
      [folder, '--collection', collectionId],
      120_000,
    );
    expect({ code: ingested.code, stderr: ingested.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return collectionId;
}

/** A port nothing listens on right now (the OS picks it; the api binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
