/**
 * A buffered, single-consumer stream of reply tokens. The reply is driven by the service, not by the
 * reader: a caller that never reads (a socket gateway that forwards events instead) does not stall it,
 * and a late reader still gets every token from the first.
 */
export class TokenChannel implements AsyncIterable<string> {
  private readonly buffer: string[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  push(token: string): void {
    if (this.ended) return;
    this.buffer.push(token);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.buffer.length > 0) {
        yield this.buffer.shift()!;
      } else if (this.ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
