interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface MicroBatcherOptions {
  /** How long items wait for company when the model is idle and the batch is not full. */
  windowMs: number;
  /** Items per model call; a full batch goes at once without waiting for the window. */
  maxBatch: number;
  /** Model calls running at once; further batches wait (and keep growing) until one finishes. */
  concurrency: number;
}

/**
 * Gathers items from concurrent callers into few calls of `process`, which must return one output per
 * input, in order. A model call costs nearly the same for 1 text as for 16, so 64 visitors embedding one
 * query each cost a couple of calls instead of 64. While the model is busy, waiting items simply pile up
 * into the next batch; when it is idle, a lone item waits at most `windowMs` for others.
 */
export class MicroBatcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private inFlight = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly process: (items: I[]) => Promise<O[]>,
    private readonly options: MicroBatcherOptions,
  ) {}

  get waiting(): number {
    return this.pending.length;
  }

  submit(items: I[]): Promise<O[]> {
    const results = items.map(
      (item) => new Promise<O>((resolve, reject) => this.pending.push({ item, resolve, reject })),
    );
    this.pump(false);
    return Promise.all(results);
  }

  private pump(windowOver: boolean): void {
    const { maxBatch, concurrency, windowMs } = this.options;
    while (this.inFlight < concurrency && this.pending.length > 0) {
      // A zero window sends at once: setTimeout(0) would still hold a lone item for Node's 1 ms minimum
      // delay, most of a hash embedding's cost (retrieve's query embedding: 1.4 ms, now about 0.1).
      if (!windowOver && windowMs > 0 && this.pending.length < maxBatch) break;
      this.send(this.pending.splice(0, maxBatch));
    }
    if (this.pending.length === 0 || this.inFlight >= concurrency) return this.clearTimer();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.pump(true);
    }, windowMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private send(batch: Pending<I, O>[]): void {
    this.inFlight++;
    const fail = (error: unknown) => batch.forEach((p) => p.reject(error));
    const deliver = (outputs: O[]) => {
      if (outputs.length !== batch.length)
        return fail(new Error(`batch returned ${outputs.length} results for ${batch.length} inputs`));
      batch.forEach((p, i) => p.resolve(outputs[i]));
    };
    Promise.resolve()
      .then(() => this.process(batch.map((p) => p.item)))
      .then(deliver, fail)
      .finally(() => {
        this.inFlight--;
        // Whatever arrived while the model was busy has waited long enough.
        this.pump(true);
      });
  }
}
