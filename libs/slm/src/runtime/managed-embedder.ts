import { EmbeddingBackend } from '../providers/provider.types';
import { Embedder, ModelHealth, ModelStatus, ProviderName } from '../slm.types';
import { assertTexts } from './input-guard';
import { MicroBatcher } from './micro-batcher';
import { ModelLifecycle } from './model-lifecycle';
import { RecentVectors } from './recent-vectors';

export interface ManagedModelOptions {
  /** Canonical spec, shown in /health. */
  spec: string;
  provider: ProviderName;
  concurrency: number;
  batchWindowMs: number;
  maxBatch: number;
  /** Single texts (messages, questions) whose vectors are kept (see RecentVectors); 0: none. */
  recentTexts?: number;
}

/** The `Embedder` every caller gets: input checks, lazy load, micro-batching and a per-model queue. */
export class ManagedEmbedder implements Embedder, ModelStatus {
  private readonly lifecycle: ModelLifecycle;
  private readonly batcher: MicroBatcher<string, number[]>;
  /** Only single-text calls: ingestion's batches are never asked for twice and would crowd messages out. */
  private readonly recent: RecentVectors;

  constructor(
    readonly id: string,
    private readonly backend: EmbeddingBackend,
    options: ManagedModelOptions,
  ) {
    this.lifecycle = new ModelLifecycle(options.spec, options.provider, backend);
    this.recent = new RecentVectors(options.recentTexts ?? 0);
    this.batcher = new MicroBatcher((texts) => backend.embedBatch(texts), {
      windowMs: options.batchWindowMs,
      maxBatch: options.maxBatch,
      concurrency: options.concurrency,
    });
  }

  get dimension(): number {
    const dimension = this.backend.dimension;
    if (dimension === undefined)
      throw new Error(`${this.id}: the vector size is known once the model is loaded; call load() first`);
    return dimension;
  }

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    assertTexts(texts);
    if (texts.length === 0) return [];
    options.signal?.throwIfAborted();
    const single = texts.length === 1 ? texts[0] : undefined;
    const known = single === undefined ? undefined : this.recent.get(single);
    if (known) return [known];
    await this.lifecycle.ensureLoaded();
    const vectors = await this.batcher.submit(texts);
    options.signal?.throwIfAborted();
    if (single !== undefined) this.recent.set(single, vectors[0]);
    return vectors;
  }

  health(): ModelHealth {
    return this.lifecycle.health();
  }

  async load(options: { warmUp?: boolean } = {}): Promise<void> {
    await this.lifecycle.ensureLoaded();
    if (options.warmUp) await this.embed(['warm up']);
  }

  dispose(): Promise<void> {
    return this.lifecycle.dispose();
  }
}
