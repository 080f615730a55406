import { GenerationBackend } from '../providers/provider.types';
import { ChatMessage, GenerateOptions, Generator, ModelHealth, ModelStatus, ProviderName } from '../slm.types';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { assertMessages } from './input-guard';
import { ModelLifecycle } from './model-lifecycle';
import { withPassagesPrompt } from './passages-prompt';

export interface ManagedGeneratorOptions {
  spec: string;
  provider: ProviderName;
  concurrency: number;
  defaultMaxNewTokens: number;
}

/**
 * The `Generator` every caller gets. A generation holds one of the model's slots from its first token to
 * its last; the caller's signal and the caller leaving the loop both stop the backend before its next token.
 */
export class ManagedGenerator implements Generator, ModelStatus {
  private readonly lifecycle: ModelLifecycle;
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    readonly id: string,
    private readonly backend: GenerationBackend,
    private readonly options: ManagedGeneratorOptions,
  ) {
    this.lifecycle = new ModelLifecycle(options.spec, options.provider, backend);
    this.limiter = new ConcurrencyLimiter(options.concurrency);
  }

  async *generate(messages: ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    assertMessages(messages);
    const { signal, passages } = options;
    const maxNewTokens = options.maxNewTokens ?? this.options.defaultMaxNewTokens;
    if (maxNewTokens <= 0) return;
    const release = await this.limiter.acquire(signal);
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      signal?.throwIfAborted();
      await this.lifecycle.ensureLoaded();
      const prompt = this.backend.readsPassages ? messages : withPassagesPrompt(messages, passages);
      const backendOptions = { ...options, signal: stop.signal, maxNewTokens, passages };
      for await (const token of this.backend.stream(prompt, backendOptions)) {
        signal?.throwIfAborted();
        yield token;
      }
      signal?.throwIfAborted();
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // Stops the backend when the caller broke out of the loop early.
      if (!stop.signal.aborted) stop.abort();
      release();
    }
  }

  health(): ModelHealth {
    return this.lifecycle.health();
  }

  async load(options: { warmUp?: boolean } = {}): Promise<void> {
    await this.lifecycle.ensureLoaded();
    if (!options.warmUp) return;
    for await (const _token of this.generate([{ role: 'user', content: 'Hi' }], { maxNewTokens: 1 })) {
      // one token is enough to compile the graph and fill the caches
    }
  }

  dispose(): Promise<void> {
    return this.lifecycle.dispose();
  }
}

/** Collects a whole answer; for callers that do not stream. */
export async function generateText(
  generator: Generator,
  messages: ChatMessage[],
  options?: GenerateOptions,
): Promise<string> {
  let text = '';
  for await (const token of generator.generate(messages, options)) text += token;
  return text;
}
