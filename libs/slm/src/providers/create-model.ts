import { ModelSettings, TransformersSettings } from '../config/model-settings';
import { ManagedClassifier } from '../runtime/managed-classifier';
import { ManagedEmbedder } from '../runtime/managed-embedder';
import { ManagedGenerator } from '../runtime/managed-generator';
import { ExtractiveGenerator } from './builtin/extractive-generator';
import { HashEmbedder } from './builtin/hash-embedder';
import { OpenAiEmbedder } from './openai/openai-embedder';
import { OpenAiGenerator } from './openai/openai-generator';
import { EmbeddingBackend, GenerationBackend } from './provider.types';
import { TransformersClassifier } from './transformers/transformers-classifier';
import { TransformersEmbedder } from './transformers/transformers-embedder';
import { TransformersGenerator } from './transformers/transformers-generator';

/** Runtime-wide settings the managed models need beyond their own spec. */
export interface RuntimeSettings {
  modelDir: string;
  batchWindowMs: number;
  maxNewTokens: number;
  /** Single texts an embedder keeps the vectors of (SLM_EMBED_MEMORY). */
  embedMemory: number;
}

/**
 * The vector-space identity of an embedder: only what changes the vectors (model, size, pooling), so a
 * collection can tell whether its stored vectors still match the configured embedder.
 */
export function embedderId(settings: ModelSettings): string {
  switch (settings.provider) {
    case 'builtin':
      return `builtin:${settings.model}@dim=${settings.dimension}`;
    case 'transformers':
      return `transformers:${settings.spec.model}@pooling=${settings.pooling}${settings.normalize ? '' : ',normalize=false'}`;
    case 'openai':
      return `openai:${settings.model}@dim=${settings.dimension}`;
  }
}

export function createEmbedder(settings: ModelSettings, runtime: RuntimeSettings): ManagedEmbedder {
  let backend: EmbeddingBackend;
  if (settings.provider === 'builtin') backend = new HashEmbedder(settings.dimension);
  else if (settings.provider === 'transformers') backend = new TransformersEmbedder(settings, runtime.modelDir);
  else backend = new OpenAiEmbedder(settings);
  const maxBatch = settings.provider === 'builtin' ? 256 : settings.maxBatch;
  return new ManagedEmbedder(embedderId(settings), backend, {
    spec: settings.text,
    provider: settings.provider,
    concurrency: settings.concurrency,
    // The hash embedder gains nothing from waiting for company.
    batchWindowMs: settings.provider === 'builtin' ? 0 : runtime.batchWindowMs,
    maxBatch,
    recentTexts: runtime.embedMemory,
  });
}

export function createGenerator(settings: ModelSettings, runtime: RuntimeSettings): ManagedGenerator {
  let backend: GenerationBackend;
  if (settings.provider === 'builtin') backend = new ExtractiveGenerator(settings.maxSentences);
  else if (settings.provider === 'transformers') backend = new TransformersGenerator(settings, runtime.modelDir);
  else backend = new OpenAiGenerator(settings);
  return new ManagedGenerator(settings.text, backend, {
    spec: settings.text,
    provider: settings.provider,
    // A generation holds its slot for seconds; two at once keep a second visitor from waiting on the first.
    concurrency:
      settings.provider === 'transformers' && settings.spec.options.concurrency === undefined
        ? 2
        : settings.concurrency,
    defaultMaxNewTokens: runtime.maxNewTokens,
  });
}

export function createClassifier(settings: TransformersSettings, runtime: RuntimeSettings): ManagedClassifier {
  return new ManagedClassifier(settings.text, new TransformersClassifier(settings, runtime.modelDir), {
    spec: settings.text,
    provider: 'transformers',
    concurrency: settings.concurrency,
    batchWindowMs: runtime.batchWindowMs,
    maxBatch: settings.maxBatch,
  });
}
