/**
 * Turns callbacks (a model's token streamer, an HTTP body) into an async iterable. Values pushed while
 * nobody is reading are buffered; `fail` surfaces an error at the reader's next step.
 */
export class PushStream<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = [];
  private done = false;
  private error: { value: unknown } | undefined;
  private wake?: () => void;

  push(value: T): void {
    if (this.done) return;
    this.buffer.push(value);
    this.notify();
  }

  end(): void {
    this.done = true;
    this.notify();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.error = { value: error };
    this.done = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.buffer.length > 0) {
        yield this.buffer.shift() as T;
        continue;
      }
      if (this.error) throw this.error.value;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
