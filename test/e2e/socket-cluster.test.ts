import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { cleanEnv, RunningProcess } from '../support/child-process';
import { runEntryPoint } from '../support/run-process';
import { requireService, serviceUrl } from '../support/services';
import { adminClient, connectConsole, connectWidget, RecordedSocket, WidgetClient } from '../support/socket-clients';
import { createTestDatabaseUrl } from '../support/test-database';
import { waitFor } from '../support/wait-for';

/**
 * Two real api processes sharing PostgreSQL and Redis: a visitor on one and a human agent on the other
 * see each other's messages, the streamed bot reply and the handoff, each exactly once. Needs both
 * services (PGlite belongs to one process): skipped without them, failing under SEED_TEST_SERVICES=required.
 */
const API = 'apps/api/src/main.ts';
const available = serviceUrl('postgres') !== undefined && serviceUrl('redis') !== undefined;

(available ? describe : describe.skip)('socket.io across two api processes (Redis adapter)', () => {
  let database: { url?: string; drop(): Promise<void> };
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

  beforeAll(async () => {
    const redisUrl = await requireService('redis');
    await requireService('postgres');
    database = await createTestDatabaseUrl();
    env = cleanEnv({
      DATABASE_URL: database.url!,
      REDIS_URL: redisUrl,
      // Every process of a deployment shares the key: a visitor token from one must resume on the other.
      SEED_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
    });
    first = await startApi(); // applies the migrations
    second = await startApi();
  }, 240_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(processes.map((api) => api.stop('SIGKILL')));
    await database?.drop();
  });

  it('a visitor on process 1 and an agent on process 2 see each other, the streamed reply and the handoff once', async () => {
    const created = await runEntryPoint('apps/api/src/cli/tenant-create.cli.ts', env, ['--name', 'acme']);
    expect(created.code).toBe(0);
    const adminKey = created.stdout.trim().split('\n').at(-1)!;
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

  it('both processes stop on SIGTERM with their sockets open (the Redis adapter lets go)', async () => {
    const exits = await Promise.all(processes.map((api) => api.stop('SIGTERM')));
    // Nest closes the app, then re-raises the signal; a hang would end in SIGKILL instead.
    for (const exit of exits) expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  });
});

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
