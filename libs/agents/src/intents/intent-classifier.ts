import { IntentMetrics } from './metrics';
import { TextClassifier, TextClassifierState } from './text-classifier';

export const INTENT_CLASSIFIER_FORMAT = 'seed.intent-classifier';
export const INTENT_CLASSIFIER_VERSION = 1;

export interface IntentAlternative {
  readonly intent: string;
  readonly confidence: number;
}

export interface IntentPrediction {
  /** The routed intent, or null when the message is out of scope. */
  readonly intent: string | null;
  /** Probability of the best in-scope intent (0 for a message with nothing to classify). */
  readonly confidence: number;
  readonly outOfScope: boolean;
  /** Best in-scope intents, most likely first, even when the message was rejected (for handoff context). */
  readonly alternatives: IntentAlternative[];
}

/** JSON-able model: stored as one versioned row, with the held-out metrics it was accepted on. */
export interface IntentClassifierState {
  readonly format: typeof INTENT_CLASSIFIER_FORMAT;
  readonly version: typeof INTENT_CLASSIFIER_VERSION;
  readonly oosLabel: string;
  readonly threshold: number;
  readonly classifier: TextClassifierState;
  readonly metrics: IntentMetrics | null;
}

const ALTERNATIVES = 3;

/**
 * Routes a message to one of the tenant's intents or declares it out of scope. The underlying
 * classifier may carry an explicit out-of-scope class (learnt from OOS examples); on top of it a
 * calibrated threshold on the best in-scope probability catches what that class misses.
 */
export class IntentClassifier {
  readonly intents: readonly string[];
  private readonly oosIndex: number;

  constructor(
    private readonly classifier: TextClassifier,
    readonly threshold: number,
    readonly oosLabel: string,
    readonly metrics: IntentMetrics | null = null,
  ) {
    this.intents = classifier.labels.filter((label) => label !== oosLabel);
    this.oosIndex = classifier.labels.indexOf(oosLabel);
  }

  static fromJSON(state: IntentClassifierState): IntentClassifier {
    if (state.format !== INTENT_CLASSIFIER_FORMAT || state.version !== INTENT_CLASSIFIER_VERSION) {
      throw new Error(`Unsupported intent classifier state ${state.format}@${state.version}`);
    }
    return new IntentClassifier(
      TextClassifier.fromJSON(state.classifier),
      state.threshold,
      state.oosLabel,
      state.metrics,
    );
  }

  /**
   * Empty, whitespace-only or punctuation-only text (and text sharing no n-gram with the training data)
   * is out of scope with confidence 0: there is nothing to route on.
   */
  predict(text: string): IntentPrediction {
    const probabilities = this.classifier.knownProbabilities(text);
    if (!probabilities) return { intent: null, confidence: 0, outOfScope: true, alternatives: [] };
    const ranked = this.topInScope(probabilities, ALTERNATIVES);
    const best = ranked[0];
    const oosWins = this.oosIndex >= 0 && probabilities[this.oosIndex] > best.confidence;
    const outOfScope = oosWins || best.confidence < this.threshold;
    return { intent: outOfScope ? null : best.intent, confidence: best.confidence, outOfScope, alternatives: ranked };
  }

  /** Partial selection: only the few best intents are needed, not a full sort of every label. */
  private topInScope(probabilities: Float64Array, limit: number): IntentAlternative[] {
    const top: IntentAlternative[] = [];
    for (let c = 0; c < probabilities.length; c++) {
      if (c === this.oosIndex) continue;
      const confidence = probabilities[c];
      if (top.length === limit && confidence <= top[limit - 1].confidence) continue;
      let at = top.length;
      while (at > 0 && top[at - 1].confidence < confidence) at--;
      top.splice(at, 0, { intent: this.classifier.labels[c], confidence });
      if (top.length > limit) top.pop();
    }
    return top;
  }

  toJSON(): IntentClassifierState {
    return {
      format: INTENT_CLASSIFIER_FORMAT,
      version: INTENT_CLASSIFIER_VERSION,
      oosLabel: this.oosLabel,
      threshold: this.threshold,
      classifier: this.classifier.toJSON(),
      metrics: this.metrics,
    };
  }
}
