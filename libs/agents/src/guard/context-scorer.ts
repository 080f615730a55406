import { SegmentContext, segmentContexts } from './segment-context';

/**
 * Logistic weights over one segment's n-gram score and its place in the document (segment-context.ts).
 * Stacked on out-of-fold n-gram scores by training/context-stacker.ts, with its threshold calibrated on
 * held-out clean emails.
 */
export interface ContextWeights {
  readonly features: readonly ContextFeature[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** Probability at or above which a document holds an embedded instruction. */
  readonly threshold: number;
}

export const CONTEXT_FEATURES = [
  'ngram',
  'first',
  'last',
  'ownLine',
  'overlap',
  'secondPerson',
  'imperative',
  'questionShift',
  'words',
] as const;
export type ContextFeature = (typeof CONTEXT_FEATURES)[number];

const LOGIT_CLAMP = 1e-6;

export function logit(probability: number): number {
  const p = Math.min(1 - LOGIT_CLAMP, Math.max(LOGIT_CLAMP, probability));
  return Math.log(p / (1 - p));
}

/** The feature row the weights apply to, in CONTEXT_FEATURES order. */
export function contextFeatureRow(context: SegmentContext, ngramProbability: number): number[] {
  const values: Record<ContextFeature, number> = {
    ngram: logit(ngramProbability),
    first: context.first ? 1 : 0,
    last: context.last ? 1 : 0,
    ownLine: context.ownLine ? 1 : 0,
    overlap: context.overlap,
    secondPerson: context.secondPerson ? 1 : 0,
    imperative: context.imperative ? 1 : 0,
    // A question about something the document never mentions; one on the document's topic is ordinary.
    questionShift: context.question ? 1 - context.overlap : 0,
    words: Math.log1p(context.words),
  };
  return CONTEXT_FEATURES.map((name) => values[name]);
}

export function contextProbability(weights: ContextWeights, row: readonly number[]): number {
  let z = weights.bias;
  for (let i = 0; i < row.length; i++) z += weights.weights[i] * row[i];
  return 1 / (1 + Math.exp(-z));
}

export interface DocumentSegmentScore {
  readonly score: number;
  readonly segment: string;
}

/** Highest context-aware probability over a document's segments. */
export function scoreDocumentSegments(
  text: string,
  weights: ContextWeights,
  ngramProbability: (segment: string) => number,
): DocumentSegmentScore {
  let best: DocumentSegmentScore = { score: 0, segment: '' };
  for (const context of segmentContexts(text)) {
    const score = contextProbability(weights, contextFeatureRow(context, ngramProbability(context.segment)));
    if (score > best.score) best = { score, segment: context.segment };
  }
  return best;
}
