/** How often one label was predicted for another. */
export interface ConfusedPair {
  readonly actual: string;
  readonly predicted: string;
  readonly count: number;
}

/**
 * Held-out quality of an intent classifier. `accuracy` is in-scope accuracy: an in-scope message
 * counts as correct only when its intent is predicted and not rejected as out of scope. OOS figures
 * are null when the evaluation set holds no out-of-scope examples (or nothing was rejected).
 */
export interface IntentMetrics {
  readonly examples: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perIntentF1: Record<string, number>;
  readonly confusedPairs: ConfusedPair[];
  readonly oosRecall: number | null;
  readonly oosPrecision: number | null;
}

interface Counts {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
}

function f1(counts: Counts): number {
  const denominator = 2 * counts.truePositive + counts.falsePositive + counts.falseNegative;
  return denominator === 0 ? 0 : (2 * counts.truePositive) / denominator;
}

function countPerIntent(actual: readonly string[], predicted: readonly string[], intents: readonly string[]) {
  const counts = new Map<string, Counts>(
    intents.map((i) => [i, { truePositive: 0, falsePositive: 0, falseNegative: 0 }]),
  );
  actual.forEach((truth, i) => {
    const guess = predicted[i];
    if (truth === guess) {
      const hit = counts.get(truth);
      if (hit) hit.truePositive++;
      return;
    }
    const missed = counts.get(truth);
    if (missed) missed.falseNegative++;
    const wrong = counts.get(guess);
    if (wrong) wrong.falsePositive++;
  });
  return counts;
}

function topConfusions(actual: readonly string[], predicted: readonly string[], limit: number): ConfusedPair[] {
  const pairs = new Map<string, ConfusedPair>();
  actual.forEach((truth, i) => {
    if (truth === predicted[i]) return;
    const key = JSON.stringify([truth, predicted[i]]);
    const count = (pairs.get(key)?.count ?? 0) + 1;
    pairs.set(key, { actual: truth, predicted: predicted[i], count });
  });
  return [...pairs.values()]
    .sort((a, b) => b.count - a.count || a.actual.localeCompare(b.actual) || a.predicted.localeCompare(b.predicted))
    .slice(0, limit);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * Scores predictions against truth. `intents` are the in-scope labels; `oosLabel` marks both truly
 * out-of-scope examples and rejected predictions.
 */
export function computeIntentMetrics(
  actual: readonly string[],
  predicted: readonly string[],
  intents: readonly string[],
  oosLabel: string,
  confusedPairLimit = 10,
): IntentMetrics {
  if (actual.length !== predicted.length) throw new Error('actual and predicted must have the same length');
  const counts = countPerIntent(actual, predicted, intents);
  const perIntentF1: Record<string, number> = {};
  for (const intent of intents) perIntentF1[intent] = f1(counts.get(intent)!);
  const inScope = actual.map((truth, i) => [truth, predicted[i]] as const).filter(([truth]) => truth !== oosLabel);
  const oosTruths = actual.filter((truth) => truth === oosLabel).length;
  const oosPredictions = predicted.filter((guess) => guess === oosLabel).length;
  const oosHits = actual.filter((truth, i) => truth === oosLabel && predicted[i] === oosLabel).length;
  const f1Values = Object.values(perIntentF1);
  return {
    examples: actual.length,
    accuracy: inScope.length === 0 ? 0 : inScope.filter(([truth, guess]) => truth === guess).length / inScope.length,
    macroF1: f1Values.length === 0 ? 0 : f1Values.reduce((sum, value) => sum + value, 0) / f1Values.length,
    perIntentF1,
    confusedPairs: topConfusions(actual, predicted, confusedPairLimit),
    oosRecall: ratio(oosHits, oosTruths),
    oosPrecision: oosTruths === 0 ? null : ratio(oosHits, oosPredictions),
  };
}
