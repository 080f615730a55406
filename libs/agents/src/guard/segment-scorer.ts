import { TextClassifier, TextClassifierState } from '../intents';
import { splitSegments } from './text-segments';

/** A trained binary detector as shipped: classifier weights plus the threshold calibrated for it. */
export interface DetectorState {
  readonly classifier: TextClassifierState;
  readonly positiveLabel: string;
  /** Probability at or above which a segment counts as positive. */
  readonly threshold: number;
}

export interface SegmentScore {
  readonly score: number;
  readonly segment: string;
}

/**
 * Scores a text as the maximum positive-class probability over its segments (and over the whole text
 * when it has several, so an attack split across sentences still counts).
 */
export class SegmentScorer {
  private readonly positiveIndex: number;
  private readonly buffer: Float64Array;

  constructor(
    private readonly classifier: TextClassifier,
    private readonly positiveLabel: string,
    readonly threshold: number,
  ) {
    this.positiveIndex = classifier.labels.indexOf(positiveLabel);
    if (this.positiveIndex < 0) throw new Error(`Detector has no "${positiveLabel}" class`);
    this.buffer = new Float64Array(classifier.labels.length);
  }

  static fromState(state: DetectorState): SegmentScorer {
    return new SegmentScorer(TextClassifier.fromJSON(state.classifier), state.positiveLabel, state.threshold);
  }

  scoreText(text: string): number {
    return this.classifier.probabilities(text, this.buffer)[this.positiveIndex];
  }

  scoreSegments(text: string, includeWhole = true): SegmentScore {
    const segments = splitSegments(text);
    let best: SegmentScore = { score: 0, segment: '' };
    const candidates = includeWhole && segments.length > 1 && text.length <= 600 ? [...segments, text] : segments;
    for (const segment of candidates) {
      const score = this.scoreText(segment);
      if (score > best.score) best = { score, segment };
    }
    return best;
  }
}
