import { DetectorVerdict } from './injection-detector';
import { matchRules } from './injection-rules';
import { DetectorState, SegmentScorer } from './segment-scorer';
import { normalizeForToxicity } from './toxicity-normalizer';
import { TOXICITY_RULES } from './toxicity-rules';

/**
 * Abuse, threats and hate speech. The trained model reads the de-obfuscated text (see
 * normalizeForToxicity); rules catch direct threats whatever the model says.
 */
export class ToxicityDetector {
  constructor(private readonly scorer: SegmentScorer) {}

  static fromState(state: DetectorState): ToxicityDetector {
    return new ToxicityDetector(SegmentScorer.fromState(state));
  }

  inspect(text: string): DetectorVerdict {
    const normalized = normalizeForToxicity(text);
    const { score } = this.scorer.scoreSegments(normalized);
    const rule = matchRules(normalized, TOXICITY_RULES);
    if (rule) return { flagged: true, score, reason: { code: 'toxicity_rule', detail: rule.name } };
    if (score >= this.scorer.threshold) {
      return { flagged: true, score, reason: { code: 'toxicity_model', detail: `score ${score.toFixed(3)}` } };
    }
    return { flagged: false, score, reason: null };
  }
}
