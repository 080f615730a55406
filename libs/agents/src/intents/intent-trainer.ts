import { DEFAULT_REJECTION_SCORE, IntentClassifier, RejectionScore, rejectionScoreOf } from './intent-classifier';
import { IntentMetrics, computeIntentMetrics } from './metrics';
import { OosCalibration, ScoredExample, calibrateOosThreshold } from './oos-threshold';
import { stratifiedSplit } from './stratified-split';
import { DEFAULT_SOFTMAX_OPTIONS } from './softmax-regression';
import { DEFAULT_TEXT_FEATURE_OPTIONS } from './text-features';
import { TextClassifier, TextClassifierOptions } from './text-classifier';
import { LabelledText, assertTrainable } from './training-data';
import { TrainingDataError, TrainingDataErrorCode } from './training-data.exception';

export interface IntentTrainingOptions {
  readonly classifier: TextClassifierOptions;
  /** Label that marks out-of-scope examples in the data and rejected messages in metrics. */
  readonly oosLabel: string;
  /** Share of each intent held out for calibration and metrics when no validation set is given. */
  readonly validationFraction: number;
  readonly seed: number;
  /** See OosCalibrationOptions: accuracy the OOS threshold may cost, and the no-OOS-data fallback. */
  readonly inScopeAccuracyBudget: number;
  readonly fallbackRejectRate: number;
  /** Retrain on training + validation data once the threshold is fixed: more data, same threshold. */
  readonly refitOnAllData: boolean;
  /** What the OOS threshold is calibrated and applied on. */
  readonly rejectionScore: RejectionScore;
}

/**
 * The generic pair (DEFAULT_TEXT_CLASSIFIER_OPTIONS, which the guard's shipped detectors were trained
 * with) except that the word member trains 24 epochs instead of 12: +0.3 points on a validation split
 * of BANKING77 train and +0.2 on CLINC150 `val`, for a few seconds more.
 */
export const INTENT_TEXT_CLASSIFIER_OPTIONS: TextClassifierOptions = {
  members: [
    {
      features: { ...DEFAULT_TEXT_FEATURE_OPTIONS, charBlockWeight: 0 },
      training: { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 24 },
    },
    { features: { ...DEFAULT_TEXT_FEATURE_OPTIONS, wordBlockWeight: 0 }, training: DEFAULT_SOFTMAX_OPTIONS },
  ],
};

export const DEFAULT_INTENT_TRAINING_OPTIONS: IntentTrainingOptions = {
  classifier: INTENT_TEXT_CLASSIFIER_OPTIONS,
  oosLabel: 'oos',
  validationFraction: 0.15,
  seed: 1,
  // Chosen on CLINC150's official validation split (never its test split): calibrating on one half of
  // `val` + `oos_val` and measuring on the other (20 random halvings), 0.015 is the smallest budget whose
  // mean OOS recall clears 0.72, a margin over the 0.70 target.
  inScopeAccuracyBudget: 0.015,
  fallbackRejectRate: 0.02,
  refitOnAllData: true,
  rejectionScore: DEFAULT_REJECTION_SCORE,
};

export interface IntentTrainingResult {
  readonly classifier: IntentClassifier;
  /** Measured on the held-out split, with the calibrated threshold. */
  readonly metrics: IntentMetrics;
  readonly calibration: OosCalibration;
  readonly seconds: number;
}

function scoreHoldout(
  classifier: TextClassifier,
  holdout: readonly LabelledText[],
  oosLabel: string,
  rejectionScore: RejectionScore,
): ScoredExample[] {
  const oosIndex = classifier.labels.indexOf(oosLabel);
  return holdout.map((example) => {
    const isOos = example.label === oosLabel;
    const probabilities = classifier.knownProbabilities(example.text);
    // Text with no known n-gram is rejected by IntentClassifier.predict whatever the threshold.
    if (!probabilities) return { confidence: 0, isOos, correct: false, predictedOos: true };
    let best = -1;
    for (let c = 0; c < probabilities.length; c++) {
      if (c !== oosIndex && (best < 0 || probabilities[c] > probabilities[best])) best = c;
    }
    const predictedOos = oosIndex >= 0 && probabilities[oosIndex] > probabilities[best];
    const correct = !isOos && classifier.labels[best] === example.label;
    return {
      confidence: rejectionScoreOf(rejectionScore, probabilities, best, oosIndex),
      isOos,
      correct,
      predictedOos,
    };
  });
}

function validateOptions(options: IntentTrainingOptions): void {
  const fraction = options.validationFraction;
  if (!(fraction > 0 && fraction < 1)) {
    throw new TrainingDataError(
      TrainingDataErrorCode.InvalidOption,
      `validationFraction must be in (0, 1), got ${fraction}`,
    );
  }
  if (options.classifier.members.length === 0) {
    throw new TrainingDataError(TrainingDataErrorCode.InvalidOption, 'classifier needs at least one member');
  }
}

/**
 * Trains an intent classifier from labelled examples (label `oosLabel` marks out-of-scope ones).
 * Threshold and metrics come from a held-out split: the given `validation` set, or else a stratified
 * share of `examples`. A test set never enters here.
 */
export function trainIntentClassifier(
  examples: readonly LabelledText[],
  options: Partial<IntentTrainingOptions> = {},
  validation?: readonly LabelledText[],
): IntentTrainingResult {
  const started = performance.now();
  const settings = { ...DEFAULT_INTENT_TRAINING_OPTIONS, ...options };
  validateOptions(settings);
  assertTrainable(examples.filter((e) => e.label !== settings.oosLabel));
  const { fit, holdout } = validation
    ? { fit: [...examples], holdout: [...validation] }
    : stratifiedSplit(examples, (e) => e.label, settings.validationFraction, settings.seed);
  const heldOutModel = TextClassifier.train(fit, settings.classifier);
  const scored = scoreHoldout(heldOutModel, holdout, settings.oosLabel, settings.rejectionScore);
  const calibration = calibrateOosThreshold(scored, settings);
  const metrics = measureHoldout(heldOutModel, holdout, calibration.threshold, settings);
  const finalModel = settings.refitOnAllData
    ? TextClassifier.train([...fit, ...holdout], settings.classifier)
    : heldOutModel;
  const classifier = new IntentClassifier(
    finalModel,
    calibration.threshold,
    settings.oosLabel,
    metrics,
    settings.rejectionScore,
  );
  return { classifier, metrics, calibration, seconds: (performance.now() - started) / 1000 };
}

function measureHoldout(
  model: TextClassifier,
  holdout: readonly LabelledText[],
  threshold: number,
  { oosLabel, rejectionScore }: IntentTrainingOptions,
): IntentMetrics {
  const classifier = new IntentClassifier(model, threshold, oosLabel, null, rejectionScore);
  const predicted = holdout.map((e) => classifier.predict(e.text).intent ?? oosLabel);
  return computeIntentMetrics(
    holdout.map((e) => e.label),
    predicted,
    classifier.intents,
    oosLabel,
  );
}
