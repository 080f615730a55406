import { OpenAiSettings } from '../../config/model-settings';
import { SlmProviderError } from '../../slm.errors';
import { EmbeddingBackend } from '../provider.types';
import { OpenAiHttpClient } from './openai-http.client';

interface EmbeddingsResponse {
  data?: { index: number; embedding: number[] }[];
}

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint (vLLM, llama.cpp server, Ollama, TEI, ...). */
export class OpenAiEmbedder implements EmbeddingBackend {
  private readonly client: OpenAiHttpClient;

  constructor(private readonly settings: OpenAiSettings) {
    this.client = OpenAiHttpClient.forModel(settings);
  }

  get dimension(): number | undefined {
    return this.settings.dimension;
  }

  async load(): Promise<void> {}

  async dispose(): Promise<void> {}

  async embedBatch(texts: string[]): Promise<number[][]> {
    // Servers reject empty input; a single space embeds "nothing" without failing the whole batch.
    const input = texts.map((text) => (text.trim() === '' ? ' ' : text));
    const response = await this.client.postJson<EmbeddingsResponse>('/embeddings', {
      model: this.settings.model,
      input,
    });
    const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== texts.length) {
      throw new SlmProviderError(`${this.settings.text}: asked for ${texts.length} embeddings, got ${data.length}`);
    }
    return data.map(({ embedding }) => this.check(embedding));
  }

  private check(vector: number[]): number[] {
    if (vector.length !== this.settings.dimension) {
      throw new SlmProviderError(
        `${this.settings.text}: the server returned ${vector.length}-dimensional vectors but @dim=${this.settings.dimension} was configured`,
      );
    }
    if (!this.settings.normalize) return vector;
    const norm = Math.hypot(...vector);
    return norm === 0 ? vector : vector.map((v) => v / norm);
  }
}
