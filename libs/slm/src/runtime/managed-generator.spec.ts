import { BackendGenerateOptions, GenerationBackend } from '../providers/provider.types';
import { ChatMessage } from '../slm.types';
import { generateText, ManagedGenerator } from './managed-generator';

/** Counts forever, one token per macrotask, until told to stop. */
class CountingBackend implements GenerationBackend {
  readonly readsPassages = false;
  produced = 0;
  prompts: ChatMessage[][] = [];
  loads = 0;

  async load(): Promise<void> {
    this.loads++;
  }

  async dispose(): Promise<void> {}

  async *stream(messages: ChatMessage[], options: BackendGenerateOptions): AsyncGenerator<string> {
    this.prompts.push(messages);
    for (let i = 0; i < options.maxNewTokens && !options.signal.aborted; i++) {
      await new Promise((r) => setImmediate(r));
      this.produced++;
      yield `t${i} `;
    }
  }
}

const ask: ChatMessage[] = [{ role: 'user', content: 'hi' }];

describe('ManagedGenerator', () => {
  function make(concurrency = 1) {
    const backend = new CountingBackend();
    const generator = new ManagedGenerator('fake:model', backend, {
      spec: 'fake:model',
      provider: 'custom',
      concurrency,
      defaultMaxNewTokens: 4,
    });
    return { backend, generator };
  }

  it('streams up to maxNewTokens and loads the backend once', async () => {
    const { backend, generator } = make();
    expect(await generateText(generator, ask)).toBe('t0 t1 t2 t3 ');
    expect(await generateText(generator, ask, { maxNewTokens: 2 })).toBe('t0 t1 ');
    expect(backend.loads).toBe(1);
    expect(generator.health()).toMatchObject({ spec: 'fake:model', loaded: true });
  });

  it('throws the abort reason and stops the backend when the signal aborts', async () => {
    const { backend, generator } = make();
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const token of generator.generate(ask, { maxNewTokens: 1000, signal: controller.signal })) {
          seen.push(token);
          if (seen.length === 3) controller.abort(new Error('closed chat'));
        }
      })(),
    ).rejects.toThrow('closed chat');
    expect(seen).toHaveLength(3);
    expect(backend.produced).toBeLessThanOrEqual(4);
  });

  it('stops the backend and frees the slot when the caller leaves the loop', async () => {
    const { backend, generator } = make(1);
    for await (const _token of generator.generate(ask, { maxNewTokens: 1000 })) break;
    expect(backend.produced).toBeLessThanOrEqual(2);
    // A second generation gets the single slot: the first one let go of it.
    expect(await generateText(generator, ask, { maxNewTokens: 1 })).toBe('t0 ');
  });

  it('queues generations beyond the concurrency limit instead of failing them', async () => {
    const { generator } = make(1);
    const answers = await Promise.all([1, 2, 3].map(() => generateText(generator, ask, { maxNewTokens: 2 })));
    expect(answers).toEqual(['t0 t1 ', 't0 t1 ', 't0 t1 ']);
  });

  it('puts passages into the prompt for model backends', async () => {
    const { backend, generator } = make();
    await generateText(generator, ask, { passages: [{ text: 'Refunds take 5 days.' }] });
    expect(backend.prompts[0][0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining('[1] Refunds take 5 days.'),
    });
  });

  it('rejects malformed messages before queueing', async () => {
    const { generator } = make();
    await expect(generateText(generator, [{ role: 'user', content: 5 } as unknown as ChatMessage])).rejects.toThrow(
      /message 0/,
    );
  });
});
