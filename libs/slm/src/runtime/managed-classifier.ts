import { ClassificationBackend } from '../providers/provider.types';
import { SlmInputError } from '../slm.errors';
import { Classifier, ClassifyOptions, ClassScore, ModelHealth, ModelStatus } from '../slm.types';
import { assertTexts } from './input-guard';
import { ManagedModelOptions } from './managed-embedder';
import { MicroBatcher } from './micro-batcher';
import { ModelLifecycle } from './model-lifecycle';

/** One input: a text, or a text and its pair (premise and hypothesis for NLI). */
interface ClassifierInput {
  text: string;
  pair?: string;
}

/** The `Classifier` every caller gets, with the same loading, batching and queueing as embedders. */
export class ManagedClassifier implements Classifier, ModelStatus {
  private readonly lifecycle: ModelLifecycle;
  private readonly batcher: MicroBatcher<ClassifierInput, ClassScore[]>;

  constructor(
    readonly id: string,
    private readonly backend: ClassificationBackend,
    options: ManagedModelOptions,
  ) {
    this.lifecycle = new ModelLifecycle(options.spec, options.provider, backend);
    this.batcher = new MicroBatcher((inputs) => classifyMixed(backend, inputs), {
      windowMs: options.batchWindowMs,
      maxBatch: options.maxBatch,
      concurrency: options.concurrency,
    });
  }

  /** Known once loaded. */
  get labels(): string[] {
    return this.backend.labels;
  }

  async classify(texts: string[], options: ClassifyOptions = {}): Promise<ClassScore[][]> {
    assertTexts(texts);
    const { pairs } = options;
    if (pairs !== undefined) {
      assertTexts(pairs);
      if (pairs.length !== texts.length) {
        throw new SlmInputError(`expected one pair per text, got ${pairs.length} pairs for ${texts.length} texts`);
      }
    }
    if (texts.length === 0) return [];
    options.signal?.throwIfAborted();
    await this.lifecycle.ensureLoaded();
    const scores = await this.batcher.submit(texts.map((text, i) => (pairs ? { text, pair: pairs[i] } : { text })));
    options.signal?.throwIfAborted();
    return scores;
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

/**
 * Callers of one model usually all send pairs or all single texts, but a micro-batch may mix them; the
 * tokenizer takes one kind per call, so a mixed batch becomes two calls, answered in input order.
 */
async function classifyMixed(backend: ClassificationBackend, inputs: ClassifierInput[]): Promise<ClassScore[][]> {
  const paired = inputs.filter((input) => input.pair !== undefined);
  if (paired.length === 0) return backend.classifyBatch(inputs.map((input) => input.text));
  if (paired.length === inputs.length) {
    return backend.classifyBatch(
      inputs.map((input) => input.text),
      inputs.map((input) => input.pair!),
    );
  }
  const single = inputs.filter((input) => input.pair === undefined);
  // One after the other: the batch holds one of the model's slots, as a single call would.
  const pairScores = await backend.classifyBatch(
    paired.map((input) => input.text),
    paired.map((input) => input.pair!),
  );
  const singleScores = await backend.classifyBatch(single.map((input) => input.text));
  let p = 0;
  let s = 0;
  return inputs.map((input) => (input.pair === undefined ? singleScores[s++] : pairScores[p++]));
}
