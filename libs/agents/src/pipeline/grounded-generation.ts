import {
  GroundingReport,
  groundingConfidence,
  SentenceGrounder,
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
  ground: SentenceGrounder;
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
  const take = (sentences: string[]) => {
    for (const sentence of sentences) {
      const scored = gate.ground(sentence);
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
      take(accumulator.push(token));
    }
  } catch (failure) {
    return { report: summarizeGrounding(written), released, raw, firstReleaseMs, failure };
  }
  take(accumulator.finish());
  return { report: summarizeGrounding(written), released, raw, firstReleaseMs };
}
