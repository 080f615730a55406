import { OpenAiSettings } from '../../config/model-settings';
import { SlmProviderError } from '../../slm.errors';
import { ChatMessage } from '../../slm.types';
import { BackendGenerateOptions, GenerationBackend } from '../provider.types';
import { OpenAiHttpClient } from './openai-http.client';

interface ChatChunk {
  choices?: { delta?: { content?: string | null } }[];
  error?: { message?: string } | string;
}

/** Chat from an OpenAI-compatible `/chat/completions` endpoint, streamed over server-sent events. */
export class OpenAiGenerator implements GenerationBackend {
  readonly readsPassages = false;
  private readonly client: OpenAiHttpClient;

  constructor(private readonly settings: OpenAiSettings) {
    this.client = OpenAiHttpClient.forModel(settings);
  }

  async load(): Promise<void> {}

  async dispose(): Promise<void> {}

  async *stream(messages: ChatMessage[], options: BackendGenerateOptions): AsyncGenerator<string> {
    const body = {
      model: this.settings.model,
      messages,
      stream: true,
      max_tokens: options.maxNewTokens,
      // Support answers should not vary run to run unless the caller asks for it.
      temperature: options.temperature ?? 0,
      ...(options.topP !== undefined ? { top_p: options.topP } : {}),
    };
    for await (const data of this.client.postStream('/chat/completions', body, options.signal)) {
      if (data.trim() === '[DONE]') return;
      const chunk = parseChunk(data, this.settings.text);
      const content = chunk.choices?.[0]?.delta?.content;
      if (content) yield content;
    }
  }
}

function parseChunk(data: string, label: string): ChatChunk {
  let chunk: ChatChunk;
  try {
    chunk = JSON.parse(data) as ChatChunk;
  } catch {
    throw new SlmProviderError(`${label}: the server sent a stream event that is not JSON: ${data.slice(0, 100)}`);
  }
  if (chunk.error) {
    const message = typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? 'unknown error');
    throw new SlmProviderError(`${label}: the server failed mid-answer: ${message}`);
  }
  return chunk;
}
