import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  generateText,
  loadSlmConfig,
  ModelRegistry,
  SlmProviderError,
  SlmTimeoutError,
  SlmUnavailableError,
} from '@app/slm';

type Handler = (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void;

/** A local server speaking the OpenAI protocol; each test queues how the next requests are answered. */
class FakeOpenAiServer {
  readonly requests: { path: string; body: Record<string, unknown> }[] = [];
  readonly handlers: Handler[] = [];
  closedEarly = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as Record<string, unknown>;
        this.requests.push({ path: req.url ?? '', body });
        const handler = this.handlers.shift() ?? defaultHandler;
        handler(body, req, res);
      });
      res.on('close', () => {
        if (!res.writableEnded) this.closedEarly++;
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function defaultHandler(body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/v1/embeddings') {
    const input = body.input as string[];
    const data = input.map((text, index) => ({ index, embedding: [text.length, 1, 0, 0] }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: data.reverse() }));
    return;
  }
  streamTokens(res, ['Hello', ',', ' world', '!']);
}

function streamTokens(res: ServerResponse, tokens: string[], delayMs = 0): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i === tokens.length) {
      res.end('data: [DONE]\n\n');
      return;
    }
    res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: tokens[i++] } }] })}\n\n`);
    setTimeout(next, delayMs);
  };
  next();
}

const fail =
  (status: number, message: string): Handler =>
  (_body, _req, res) =>
    res
      .writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' })
      .end(JSON.stringify({ error: { message } }));

describe('openai provider against a local OpenAI-compatible server', () => {
  const server = new FakeOpenAiServer();
  const ask = [{ role: 'user' as const, content: 'Hi' }];

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.handlers.length = 0;
  });

  function registry(env: NodeJS.ProcessEnv = {}): ModelRegistry {
    return new ModelRegistry(
      loadSlmConfig({
        SLM_EMBEDDER: 'openai:embed-model@dim=4',
        SLM_GENERATOR: 'openai:chat-model',
        SLM_OPENAI_BASE_URL: server.url,
        SLM_OPENAI_API_KEY: 'test-key',
        SLM_OPENAI_RETRIES: '2',
        ...env,
      }),
    );
  }

  it('streams chat completions token by token', async () => {
    const tokens: string[] = [];
    for await (const token of registry().generator().generate(ask, { maxNewTokens: 50 })) tokens.push(token);
    expect(tokens).toEqual(['Hello', ',', ' world', '!']);
    expect(server.requests[0]).toMatchObject({
      path: '/v1/chat/completions',
      body: { model: 'chat-model', stream: true, max_tokens: 50, temperature: 0, messages: ask },
    });
  });

  it('sends passages in the system message', async () => {
    await generateText(registry().generator(), ask, { passages: [{ text: 'Refunds take 5 days.' }] });
    const messages = server.requests[0].body.messages as { role: string; content: string }[];
    expect(messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('[1] Refunds take 5 days.') });
  });

  it('embeds in input order, normalised, with the configured dimension', async () => {
    const embedder = registry().embedder();
    expect(embedder.dimension).toBe(4);
    const vectors = await embedder.embed(['abc', '']);
    expect(vectors[0][0]).toBeCloseTo(3 / Math.sqrt(10));
    expect(vectors[1][0]).toBeCloseTo(1 / Math.sqrt(2));
    expect(server.requests[0].body).toEqual({ model: 'embed-model', input: ['abc', ' '] });
  });

  it('fails when the server returns vectors of another size', async () => {
    const wrong = registry({ SLM_EMBEDDER: 'openai:embed-model@dim=8' }).embedder();
    await expect(wrong.embed(['x'])).rejects.toThrow(/returned 4-dimensional vectors but @dim=8/);
  });

  it('retries 429 and 5xx, then succeeds', async () => {
    server.handlers.push(fail(503, 'loading model'), fail(429, 'slow down'));
    expect(await generateText(registry().generator(), ask)).toBe('Hello, world!');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry other client errors, and reports the server message', async () => {
    server.handlers.push(fail(404, 'model "chat-model" not found'));
    const run = generateText(registry().generator(), ask);
    await expect(run).rejects.toThrow(SlmProviderError);
    await expect(run).rejects.toThrow(/404 model "chat-model" not found/);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that does not answer', async () => {
    server.handlers.push(() => undefined);
    const slow = registry({ SLM_GENERATOR: 'openai:chat-model@timeoutMs=200,retries=0' }).generator();
    await expect(generateText(slow, ask)).rejects.toThrow(SlmTimeoutError);
  });

  it('times out a stream that goes silent half way', async () => {
    server.handlers.push((_b, _r, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: 'Hel' } }] })}\n\n`);
    });
    const slow = registry({ SLM_GENERATOR: 'openai:chat-model@timeoutMs=200,retries=0' }).generator();
    const tokens: string[] = [];
    const run = async () => {
      for await (const token of slow.generate(ask)) tokens.push(token);
    };
    await expect(run()).rejects.toThrow(/sent nothing for 200 ms/);
    expect(tokens).toEqual(['Hel']);
  });

  it('opens the circuit after repeated failures and then fails fast without calling the server', async () => {
    server.handlers.push(fail(500, 'down'), fail(500, 'down'));
    const generator = registry({
      SLM_GENERATOR: 'openai:chat-model@retries=0,breakerThreshold=2,breakerCooldownMs=60000',
    }).generator();
    await expect(generateText(generator, ask)).rejects.toThrow(/500 down/);
    await expect(generateText(generator, ask)).rejects.toThrow(/500 down/);
    await expect(generateText(generator, ask)).rejects.toThrow(SlmUnavailableError);
    expect(server.requests).toHaveLength(2);
  });

  it('fails with a readable error when nothing listens', async () => {
    const dead = registry({ SLM_OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', SLM_OPENAI_RETRIES: '0' }).generator();
    await expect(generateText(dead, ask)).rejects.toThrow(/cannot reach http:\/\/127.0.0.1:9\/v1/);
  });

  it('stops the stream and closes the connection when aborted', async () => {
    server.handlers.push((_b, _r, res) =>
      streamTokens(
        res,
        Array.from({ length: 1000 }, () => 'x'),
        5,
      ),
    );
    const controller = new AbortController();
    const tokens: string[] = [];
    const run = async () => {
      for await (const token of registry()
        .generator()
        .generate(ask, { maxNewTokens: 1000, signal: controller.signal })) {
        tokens.push(token);
        if (tokens.length === 3) controller.abort(new Error('visitor left'));
      }
    };
    await expect(run()).rejects.toThrow('visitor left');
    expect(tokens).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.closedEarly).toBeGreaterThanOrEqual(1);
  });
});
