import { randomBytes } from 'node:crypto';
import { HttpToolRunner, SecretBox } from '@app/agents';
import type { StoredTool } from '@app/agents';
import { OutboundGuard } from '@app/core';
import { downServerUrl, sendJson, startToolServer, ToolServer } from '../../support/agent-fixtures';

describe('HttpToolRunner against a real local server', () => {
  const box = new SecretBox(randomBytes(32));
  // The server below listens on 127.0.0.1: allowed here explicitly, refused by the default policy.
  const allowPrivate = new OutboundGuard({ allowPrivate: true, allowedHosts: [] });
  const runner = new HttpToolRunner(box, allowPrivate);
  let server: ToolServer;
  const pending: NodeJS.Timeout[] = [];

  const tool = (path: string, overrides: Partial<StoredTool> = {}): StoredTool => ({
    name: 'order-status',
    description: 'order status',
    intent: 'order_status',
    method: 'GET',
    url: `${server.url}${path}`,
    headers: { 'x-api-key': box.seal('k-123') },
    parameters: { type: 'object', properties: { id: { type: 'string' } } },
    argumentEntities: {},
    mutating: false,
    timeoutMs: 300,
    replyTemplate: 'Order {id} is {status}.',
    ...overrides,
  });

  beforeAll(async () => {
    server = await startToolServer({
      '/ok/': (request, response) =>
        sendJson(response, 200, { id: decodeURIComponent(request.url?.split('/')[2] ?? ''), status: 'shipped' }),
      '/slow': (_request, response) =>
        pending.push(setTimeout(() => sendJson(response, 200, { status: 'late' }), 3_000)),
      '/garbage': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops'),
      '/error': (_request, response) => sendJson(response, 503, { error: 'maintenance' }),
      '/other-shape': (_request, response) => sendJson(response, 200, { unexpected: true }),
    });
  });

  afterAll(async () => {
    pending.forEach(clearTimeout);
    await allowPrivate.onApplicationShutdown();
    await server.close();
  });

  it('calls the expanded URL with the unsealed secret header and renders the reply', async () => {
    const outcome = await runner.call(tool('/ok/{id}'), { id: 'A 1' });
    expect(outcome).toMatchObject({ ok: true, reply: 'Order A 1 is shipped.', status: 200 });
    expect(server.requests.at(-1)).toMatchObject({ url: '/ok/A%201' });
    expect(server.requests.at(-1)?.headers['x-api-key']).toBe('k-123');
  });

  it('turns a slow server into a timeout reply', async () => {
    const outcome = await runner.call(tool('/slow'), {});
    expect(outcome).toMatchObject({ ok: false, failure: 'timeout' });
    expect(outcome.reply).toContain('taking too long');
  });

  it('turns a server that is down into an unreachable reply', async () => {
    const outcome = await runner.call({ ...tool('/x'), url: `${await downServerUrl()}/x` }, {});
    expect(outcome).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(outcome.reply).toContain("couldn't reach");
  });

  it('turns garbage, error statuses and unexpected shapes into readable replies', async () => {
    expect(await runner.call(tool('/garbage'), {})).toMatchObject({ ok: false, failure: 'bad_response' });
    expect(await runner.call(tool('/error'), {})).toMatchObject({ ok: false, failure: 'http_error', status: 503 });
    expect(await runner.call(tool('/other-shape'), {})).toMatchObject({ ok: false, failure: 'bad_response' });
    const summary = await runner.call(tool('/ok/{id}', { replyTemplate: null }), { id: 'B2' });
    expect(summary).toMatchObject({ ok: true, reply: 'Here is what I found: id: B2; status: shipped.' });
  });

  it('reports a cancelled conversation without waiting for the server', async () => {
    const controller = new AbortController();
    const call = runner.call(tool('/slow', { timeoutMs: 5_000 }), {}, controller.signal);
    controller.abort();
    expect(await call).toMatchObject({ ok: false, failure: 'cancelled' });
  });

  it('refuses to build a request when an argument is missing', async () => {
    expect(await runner.call(tool('/ok/{id}'), {})).toMatchObject({ ok: false, failure: 'bad_request' });
  });

  it('refuses a loopback or metadata address under the default policy, with the reason, without calling it', async () => {
    const guarded = new OutboundGuard({ allowPrivate: false, allowedHosts: [] });
    const strict = new HttpToolRunner(box, guarded);
    try {
      const before = server.requests.length;
      const outcome = await strict.call(tool('/ok/{id}'), { id: 'A1' });
      expect(outcome).toMatchObject({
        ok: false,
        failure: 'unreachable',
        detail: expect.stringMatching(/^127\.0\.0\.1 is a loopback address, which Seed does not connect to/),
      });
      expect(outcome.reply).toContain("couldn't reach");
      const byName = await strict.call(
        { ...tool('/ok/{id}'), url: `${server.url.replace('127.0.0.1', 'localhost')}/ok/{id}` },
        { id: 'A1' },
      );
      expect(byName).toMatchObject({
        failure: 'unreachable',
        detail: expect.stringMatching(/^localhost resolves to /),
      });
      const metadata = await strict.call({ ...tool('/x'), url: 'http://169.254.169.254/latest/meta-data' }, {});
      expect(metadata).toMatchObject({ failure: 'unreachable', detail: expect.stringContaining('link-local') });
      expect(server.requests.length).toBe(before);
    } finally {
      await guarded.onApplicationShutdown();
    }
  });
});
