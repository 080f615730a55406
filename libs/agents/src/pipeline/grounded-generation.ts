import {
  AsyncSentenceGrounder,
  GroundingReport,
  groundingConfidence,
  SentenceSupport,
  summarizeGrounding,
} from './grounding-check';
import { SentenceAccumulator } from './sentence-accumulator';

export interface GroundedGeneration {
  /** Every sentence the generator wrote, scored. */
  report: GroundingReport;
  /** The supported sentences that were released to the visitor, in order. */
  released: SentenceSupport[];
  raw: string;
  /** Milliseconds from the start to the first released sentence. */
  firstReleaseMs: number | null;
  /** The generation failed part-way (the sentences released before it still stand). */
  failure?: unknown;
}

export interface GroundingGate {
  /** Lexical grounders answer at once; an NLI grounder's promise is awaited before the next sentence. */
  ground: AsyncSentenceGrounder;
  /** Released sentences start once the answer's running confidence reaches this. */
  minConfidence: number;
  /** Receives each supported sentence as soon as it may be shown. */
  release(sentence: SentenceSupport): void;
}

/**
 * Grounds a generation sentence by sentence while it is produced. Each sentence is checked as soon as
 * it ends; a supported one is released at once, provided the answer so far is confident enough (kept
 * share × mean support, as for a whole answer). Until then supported sentences wait, so an answer
 * that starts badly can still go up the cascade with nothing shown; once the gate has opened it stays
 * open, because what was shown cannot be taken back. Unsupported sentences are never released.
 * Sentences are scored one at a time in the order they were written, so they are released in that
 * order even when scoring is a model call; a grounder that fails ends the generation like a generator
 * failure would.
 */
export async function groundWhileGenerating(
  tokens: AsyncIterable<string>,
  gate: GroundingGate,
): Promise<GroundedGeneration> {
  const started = performance.now();
  const accumulator = new SentenceAccumulator();
  const written: SentenceSupport[] = [];
  const kept: SentenceSupport[] = [];
  const released: SentenceSupport[] = [];
  let firstReleaseMs: number | null = null;
  let raw = '';
  const take = async (sentences: string[]) => {
    for (const sentence of sentences) {
      const grounded = gate.ground(sentence);
      // The lexical check answers synchronously; awaiting only a promise keeps its path free of ticks.
      const scored = 'then' in grounded ? await grounded : grounded;
      written.push(scored);
      if (scored.supported) kept.push(scored);
      const open = released.length > 0 || groundingConfidence(written.length, kept) >= gate.minConfidence;
      if (!open) continue;
      for (const ready of kept.slice(released.length)) {
        released.push(ready);
        gate.release(ready);
      }
      if (released.length > 0) firstReleaseMs ??= performance.now() - started;
    }
  };
  try {
    for await (const token of tokens) {
      raw += token;
      const ended = accumulator.push(token);
      if (ended.length > 0) await take(ended);
    }
    await take(accumulator.finish());
  } catch (failure) {
    return { report: summarizeGrounding(written), released, raw, firstReleaseMs, failure };
  }
  return { report: summarizeGrounding(written), released, raw, firstReleaseMs };
}
