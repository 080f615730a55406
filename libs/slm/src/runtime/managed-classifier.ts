import { ClassificationBackend } from '../providers/provider.types';
import { Classifier, ClassScore, ModelHealth, ModelStatus } from '../slm.types';
import { assertTexts } from './input-guard';
import { ManagedModelOptions } from './managed-embedder';
import { MicroBatcher } from './micro-batcher';
import { ModelLifecycle } from './model-lifecycle';

/** The `Classifier` every caller gets, with the same loading, batching and queueing as embedders. */
export class ManagedClassifier implements Classifier, ModelStatus {
  private readonly lifecycle: ModelLifecycle;
  private readonly batcher: MicroBatcher<string, ClassScore[]>;

  constructor(
    readonly id: string,
    private readonly backend: ClassificationBackend,
    options: ManagedModelOptions,
  ) {
    this.lifecycle = new ModelLifecycle(options.spec, options.provider, backend);
    this.batcher = new MicroBatcher((texts) => backend.classifyBatch(texts), {
      windowMs: options.batchWindowMs,
      maxBatch: options.maxBatch,
      concurrency: options.concurrency,
    });
  }

  /** Known once loaded. */
  get labels(): string[] {
    return this.backend.labels;
  }

  async classify(texts: string[], options: { signal?: AbortSignal } = {}): Promise<ClassScore[][]> {
    assertTexts(texts);
    if (texts.length === 0) return [];
    options.signal?.throwIfAborted();
    await this.lifecycle.ensureLoaded();
    return this.batcher.submit(texts);
  }

  health(): ModelHealth {
    return this.lifecycle.health();
  }

  async load(options: { warmUp?: boolean } = {}): Promise<void> {
    await this.lifecycle.ensureLoaded();
    if (options.warmUp) await this.classify(['warm up']);
  }

  dispose(): Promise<void> {
    return this.lifecycle.dispose();
  }
}
