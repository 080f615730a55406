import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ManagedGenerator } from '../runtime/managed-generator';
import { ChatMessage } from '../slm.types';
import { BackendGenerateOptions, GenerationBackend } from '../providers/provider.types';
import { toLangChainMessages } from './message-mapping';

/**
 * Any LangChain chat model as a generation backend. LangChain has no common "max tokens" option, so
 * `maxNewTokens` counts streamed chunks (one token each for most providers) and stops there.
 */
class LangChainBackend implements GenerationBackend {
  readonly readsPassages = false;

  constructor(private readonly model: BaseChatModel) {}

  async load(): Promise<void> {}

  async dispose(): Promise<void> {}

  async *stream(messages: ChatMessage[], options: BackendGenerateOptions): AsyncGenerator<string> {
    const stream = await this.model.stream(toLangChainMessages(messages), { signal: options.signal });
    let chunks = 0;
    for await (const chunk of stream) {
      const text = chunk.text;
      if (text) yield text;
      if (++chunks >= options.maxNewTokens) return;
    }
  }
}

export interface FromLangChainOptions {
  /** Shown in /health and used as the generator's id. Default `langchain:<model type>`. */
  id?: string;
  /** Generations at once; more wait in a queue. Default 4. */
  concurrency?: number;
  defaultMaxNewTokens?: number;
}

/**
 * Wraps a LangChain chat model (ChatOpenAI, ChatAnthropic, ChatOllama, ...) as a Seed `Generator`, with the
 * same queueing, cancellation and passage handling as configured models. Pass it to
 * `SlmModule.forRoot({ generator: fromLangChain(model) })`.
 */
export function fromLangChain(model: BaseChatModel, options: FromLangChainOptions = {}): ManagedGenerator {
  const id = options.id ?? `langchain:${model._llmType()}`;
  return new ManagedGenerator(id, new LangChainBackend(model), {
    spec: id,
    provider: 'langchain',
    concurrency: options.concurrency ?? 4,
    defaultMaxNewTokens: options.defaultMaxNewTokens ?? 256,
  });
}
