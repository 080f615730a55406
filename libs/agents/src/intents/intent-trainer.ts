import { DEFAULT_REJECTION_SCORE, IntentClassifier, RejectionScore, rejectionScoreOf } from './intent-classifier';
import { IntentMetrics, computeIntentMetrics } from './metrics';
import { OosCalibration, ScoredExample, calibrateOosThreshold } from './oos-threshold';
import { EmbeddingTable, SentenceEmbedder } from './sentence-embeddings';
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
 * Weight (L2 norm) of the sentence embedding appended to each member's n-grams when a transformers
 * embedder is configured; the n-gram blocks have norm 1 each. Not tuned on a real sentence encoder (none
 * could be downloaded where this was built): equal footing is the neutral choice until one is measured.
 */
export const INTENT_DENSE_BLOCK_WEIGHT = 1;

/**
 * Idf multiplier for n-grams that keep to few intents (TextFeatureOptions.classWeighting). With Porter
 * stems for the word member, on CLINC150 `val` (3 training seeds): top-1 accuracy 0.9324 → 0.9362 and,
 * at the same OOS recall (≈ 0.74), in-scope accuracy 0.919 → 0.925. Strength 1 and 2 measured alike
 * (2 kept a point more OOS recall at larger budgets); either alone bought OOS recall but little accuracy.
 */
export const INTENT_CLASS_WEIGHTING = 2;

/**
 * The generic pair (DEFAULT_TEXT_CLASSIFIER_OPTIONS, which the guard's shipped detectors were trained
 * with) except that the word member trains 24 epochs instead of 12 (+0.3 points on a validation split
 * of BANKING77 train and +0.2 on CLINC150 `val`, for a few seconds more), reads Porter stems, and both
 * members weight n-grams by class concentration (INTENT_CLASS_WEIGHTING). Both members append the
 * sentence embedding when trained with one (`denseBlockWeight` is ignored otherwise).
 */
export const INTENT_TEXT_CLASSIFIER_OPTIONS: TextClassifierOptions = {
  members: [
    {
      features: {
        ...DEFAULT_TEXT_FEATURE_OPTIONS,
        charBlockWeight: 0,
        denseBlockWeight: INTENT_DENSE_BLOCK_WEIGHT,
        stemWords: true,
        classWeighting: INTENT_CLASS_WEIGHTING,
      },
      training: { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 24 },
    },
    {
      features: {
        ...DEFAULT_TEXT_FEATURE_OPTIONS,
        wordBlockWeight: 0,
        denseBlockWeight: INTENT_DENSE_BLOCK_WEIGHT,
        classWeighting: INTENT_CLASS_WEIGHTING,
      },
      training: DEFAULT_SOFTMAX_OPTIONS,
    },
  ],
};

export const DEFAULT_INTENT_TRAINING_OPTIONS: IntentTrainingOptions = {
  classifier: INTENT_TEXT_CLASSIFIER_OPTIONS,
  oosLabel: 'oos',
  validationFraction: 0.15,
  seed: 1,
  // Chosen on CLINC150's official validation split (never its test split): calibrating on one half of
  // `val` + `oos_val` and measuring on the other (200 random halvings, cli/oos-budget.cli.ts), the
  // smallest budget whose mean OOS recall clears 0.72, a margin over the 0.70 target. With stems and
  // class weighting the model catches more OOS at a given budget: 0.011 gives 0.9265 / 0.726 for the
  // shipped seed and 0.9249 / 0.741 averaged over 3 training seeds (0.010: 0.9273 / 0.712 for the
  // shipped seed, under 0.72). The n-gram pair before them needed 0.015 (0.9225 / 0.729).
  inScopeAccuracyBudget: 0.011,
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

/** The text's embedding when the model needs one, from the table it was trained with. */
export function embeddingFor(
  model: { readonly embedder: unknown },
  embeddings: EmbeddingTable | null,
  text: string,
): Float32Array | undefined {
  return model.embedder && embeddings ? embeddings.vector(text) : undefined;
}

/** How the threshold sees each held-out example (exported for the budget sweep in cli/oos-budget.cli.ts). */
export function scoreHoldout(
  classifier: TextClassifier,
  holdout: readonly LabelledText[],
  { oosLabel, rejectionScore }: IntentTrainingOptions,
  embeddings: EmbeddingTable | null,
): ScoredExample[] {
  const oosIndex = classifier.labels.indexOf(oosLabel);
  return holdout.map((example) => {
    const isOos = example.label === oosLabel;
    const probabilities = classifier.knownProbabilities(
      example.text,
      embeddingFor(classifier, embeddings, example.text),
    );
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
 * `trainIntentClassifier` with sentence embeddings from `embedder` as extra features (null: n-grams
 * only, exactly `trainIntentClassifier`). Every text is embedded once up front; `seconds` includes it.
 * The returned classifier is bound to `embedder`, so `classify` works on it at once.
 */
export async function trainIntentClassifierWithEmbedder(
  examples: readonly LabelledText[],
  embedder: SentenceEmbedder | null,
  options: Partial<IntentTrainingOptions> = {},
  validation?: readonly LabelledText[],
): Promise<IntentTrainingResult> {
  if (!embedder) return trainIntentClassifier(examples, options, validation);
  const started = performance.now();
  const texts = [...examples, ...(validation ?? [])].map((e) => e.text);
  const embeddings = await EmbeddingTable.build(embedder, texts);
  const result = trainIntentClassifier(examples, options, validation, embeddings);
  result.classifier.bindEmbedder(embedder);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

/**
 * Trains an intent classifier from labelled examples (label `oosLabel` marks out-of-scope ones).
 * Threshold and metrics come from a held-out split: the given `validation` set, or else a stratified
 * share of `examples`. A test set never enters here. With `embeddings` (covering every text of
 * `examples` and `validation`), members with a dense block append each text's sentence embedding.
 */
export function trainIntentClassifier(
  examples: readonly LabelledText[],
  options: Partial<IntentTrainingOptions> = {},
  validation?: readonly LabelledText[],
  embeddings: EmbeddingTable | null = null,
): IntentTrainingResult {
  const started = performance.now();
  const settings = { ...DEFAULT_INTENT_TRAINING_OPTIONS, ...options };
  validateOptions(settings);
  assertTrainable(examples.filter((e) => e.label !== settings.oosLabel));
  const { fit, holdout } = validation
    ? { fit: [...examples], holdout: [...validation] }
    : stratifiedSplit(examples, (e) => e.label, settings.validationFraction, settings.seed);
  const heldOutModel = TextClassifier.train(fit, settings.classifier, embeddings);
  const scored = scoreHoldout(heldOutModel, holdout, settings, embeddings);
  const calibration = calibrateOosThreshold(scored, settings);
  const metrics = measureHoldout(heldOutModel, holdout, calibration.threshold, settings, embeddings);
  const finalModel = settings.refitOnAllData
    ? TextClassifier.train([...fit, ...holdout], settings.classifier, embeddings)
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
  embeddings: EmbeddingTable | null,
): IntentMetrics {
  const classifier = new IntentClassifier(model, threshold, oosLabel, null, rejectionScore);
  const predicted = holdout.map(
    (e) => classifier.predict(e.text, embeddingFor(classifier, embeddings, e.text)).intent ?? oosLabel,
  );
  return computeIntentMetrics(
    holdout.map((e) => e.label),
    predicted,
    classifier.intents,
    oosLabel,
  );
}
