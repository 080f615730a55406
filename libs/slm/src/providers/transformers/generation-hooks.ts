import { Tokenizer, Transformers } from './transformers-runtime';

/**
 * transformers.js's streamer and stopping-criteria base classes are only reachable after the lazy
 * import, so the subclasses are made here from the imported module.
 */
export function createTokenStreamer(transformers: Transformers, tokenizer: Tokenizer, onText: (text: string) => void) {
  /**
   * Emits text per token (TextStreamer waits for whole words). The generated ids are decoded together
   * each step and only the new tail is sent, so multi-byte characters split across tokens come out whole:
   * a tail ending in U+FFFD is an incomplete character and waits for the next token.
   */
  class TokenStreamer extends transformers.BaseStreamer {
    private promptSkipped = false;
    private readonly ids: bigint[] = [];
    private printed = 0;

    override put(value: bigint[][]): void {
      if (!this.promptSkipped) {
        this.promptSkipped = true;
        return;
      }
      this.ids.push(...value[0]);
      this.emit(false);
    }

    override end(): void {
      this.emit(true);
    }

    private emit(final: boolean): void {
      const text = tokenizer.decode(this.ids, { skip_special_tokens: true });
      if (!final && text.endsWith('\uFFFD')) return;
      if (text.length > this.printed) onText(text.slice(this.printed));
      this.printed = Math.max(this.printed, text.length);
    }
  }
  return new TokenStreamer();
}

/** Stops generation before the next token once `signal` aborts. */
export function createAbortCriteria(transformers: Transformers, signal: AbortSignal) {
  class AbortCriteria extends transformers.StoppingCriteria {
    override _call(inputIds: number[][]): boolean[] {
      return inputIds.map(() => signal.aborted);
    }
  }
  return new AbortCriteria();
}
