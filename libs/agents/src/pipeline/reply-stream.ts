/**
 * The reply as the visitor sees it arrive: word tokens (each with its leading whitespace, so joining
 * them gives the text back), written by the pipeline as the reply becomes safe to show and read by
 * one consumer at its own pace. Nothing waits on the reader: what is not read yet is buffered.
 */
export class ReplyStream implements AsyncIterable<string> {
  private readonly tokens: string[] = [];
  private text = '';
  private state: 'open' | 'ended' | 'failed' = 'open';
  private failure: unknown;
  private wake: (() => void) | null = null;

  /** Everything written so far. */
  get written(): string {
    return this.text;
  }

  /** Appends a sentence, separated from the previous one by a space. */
  writeSentence(sentence: string): void {
    this.write(this.text ? ` ${sentence}` : sentence);
  }

  write(text: string): void {
    if (this.state !== 'open') return;
    this.text += text;
    this.tokens.push(...(text.match(/\s*\S+/g) ?? []));
    this.notify();
  }

  end(): void {
    if (this.state === 'open') this.state = 'ended';
    this.notify();
  }

  fail(error: unknown): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.failure = error;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (;;) {
      const token = this.tokens.shift();
      if (token !== undefined) {
        yield token;
        continue;
      }
      if (this.state === 'failed') throw this.failure;
      if (this.state === 'ended') return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
