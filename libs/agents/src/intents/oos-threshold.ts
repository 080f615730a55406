/** A held-out example as the threshold sees it. */
export interface ScoredExample {
  /** The rejection score (see RejectionScore): higher means more surely in scope. */
  readonly confidence: number;
  /** Truly out of scope. */
  readonly isOos: boolean;
  /** For in-scope examples: the top in-scope intent is the right one. */
  readonly correct: boolean;
  /** The model's explicit out-of-scope class won, so the example is rejected at any threshold. */
  readonly predictedOos: boolean;
}

export interface OosCalibration {
  /** Messages whose confidence is below this are out of scope. */
  readonly threshold: number;
  readonly method: 'accuracy-budget' | 'reject-rate';
}

export interface OosCalibrationOptions {
  /**
   * In-scope accuracy (absolute) the threshold may give up to catch out-of-scope messages: an admin's
   * "lose at most 2 points of routing accuracy" maps directly onto it, and it does not depend on how
   * many OOS examples the validation set happens to hold.
   */
  readonly inScopeAccuracyBudget: number;
  /** With no out-of-scope examples to learn from, reject this share of the least confident in-scope ones. */
  readonly fallbackRejectRate: number;
}

function quantileThreshold(confidences: number[], rate: number): number {
  if (rate <= 0 || confidences.length === 0) return 0;
  const sorted = [...confidences].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * rate))];
}

/**
 * Sweeps every distinct confidence as a threshold and keeps the one with the best OOS recall whose
 * in-scope accuracy stays within the budget of the accuracy at threshold 0.
 */
function budgetedThreshold(examples: readonly ScoredExample[], budget: number): number {
  const inScope = examples.filter((e) => !e.isOos).length;
  const sorted = [...examples].sort((a, b) => a.confidence - b.confidence);
  // Threshold 0 rejects nothing but the explicit OOS-class predictions.
  let correctKept = examples.filter((e) => !e.isOos && e.correct && !e.predictedOos).length;
  let oosCaught = examples.filter((e) => e.isOos && e.predictedOos).length;
  const floor = correctKept / inScope - budget;
  let best = { threshold: 0, oosCaught };
  for (let i = 0; i < sorted.length;) {
    const level = sorted[i].confidence;
    // Raising the threshold just above `level` rejects every example at that confidence.
    for (; i < sorted.length && sorted[i].confidence === level; i++) {
      const e = sorted[i];
      if (e.predictedOos) continue;
      if (e.isOos) oosCaught++;
      else if (e.correct) correctKept--;
    }
    if (correctKept / inScope < floor - 1e-12) break;
    const next = i < sorted.length ? sorted[i].confidence : level + 1e-6;
    if (oosCaught > best.oosCaught) best = { threshold: (level + next) / 2, oosCaught };
  }
  return best.threshold;
}

export function calibrateOosThreshold(
  examples: readonly ScoredExample[],
  options: OosCalibrationOptions,
): OosCalibration {
  const hasOos = examples.some((e) => e.isOos);
  const hasInScope = examples.some((e) => !e.isOos);
  if (hasOos && hasInScope) {
    return { threshold: budgetedThreshold(examples, options.inScopeAccuracyBudget), method: 'accuracy-budget' };
  }
  const inScopeConfidences = examples.filter((e) => !e.isOos).map((e) => e.confidence);
  return { threshold: quantileThreshold(inScopeConfidences, options.fallbackRejectRate), method: 'reject-rate' };
}
