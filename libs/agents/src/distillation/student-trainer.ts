import {
  DEFAULT_INTENT_TRAINING_OPTIONS,
  IntentClassifier,
  IntentMetrics,
  IntentTrainingOptions,
  LabelledText,
  OosCalibration,
  TextClassifier,
  TrainingDataError,
  TrainingDataErrorCode,
  trainIntentClassifier,
} from '../intents';
import { stratifiedSplit } from '../intents/stratified-split';
import { embeddingFor } from '../intents/intent-trainer';
import type { EmbeddingTable } from '../intents/sentence-embeddings';
import type { TeacherExample } from './distillation-set';

/** A model to compare with the student on the same held-out teacher labels (the active version). */
export interface ComparedModel {
  readonly version: number;
  readonly classifier: IntentClassifier;
}

/** The usual held-out metrics (measured on teacher labels only) plus agreement with the teacher. */
export interface DistillationMetrics extends IntentMetrics {
  /** Share of held-out teacher labels the student predicts (out-of-scope counts as the OOS label). */
  readonly teacherAgreement: number;
  /** The same, per teacher that decided the held-out labels (`human`, `escalation`), with how many it decided. */
  readonly teacherAgreementBySource: Record<string, { agreement: number; heldOut: number }>;
  readonly teacherExamples: number;
  readonly teacherHeldOut: number;
  readonly activeModelVersion: number | null;
  /** The same figure for the version that was active when distillation started; null without one. */
  readonly activeModelAgreement: number | null;
}

export interface StudentTrainingResult {
  readonly classifier: IntentClassifier;
  readonly metrics: DistillationMetrics;
  readonly calibration: OosCalibration;
  readonly seconds: number;
}

/** Share of examples whose label the classifier predicts (`embeddings`: needed by a model with a dense block). */
export function agreementWith(
  classifier: IntentClassifier,
  examples: readonly LabelledText[],
  embeddings: EmbeddingTable | null = null,
): number {
  if (examples.length === 0) return 0;
  const agreeing = examples.filter(
    (example) =>
      (classifier.predict(example.text, embeddingFor(classifier, embeddings, example.text)).intent ??
        classifier.oosLabel) === example.label,
  );
  return agreeing.length / examples.length;
}

/** Agreement on the held-out labels of each teacher; a label without a source was a human's. */
export function agreementBySource(
  classifier: IntentClassifier,
  holdout: readonly TeacherExample[],
  embeddings: EmbeddingTable | null = null,
): Record<string, { agreement: number; heldOut: number }> {
  const bySource = new Map<string, TeacherExample[]>();
  for (const example of holdout) {
    const source = example.source ?? 'human';
    const examples = bySource.get(source) ?? [];
    examples.push(example);
    bySource.set(source, examples);
  }
  return Object.fromEntries(
    [...bySource].map(([source, examples]) => [
      source,
      { agreement: agreementWith(classifier, examples, embeddings), heldOut: examples.length },
    ]),
  );
}

/**
 * Trains a student on `examples`, whose last `teacherExamples` are teacher labels. A stratified share of
 * the teacher labels is held out: the threshold, the metrics and the agreement are measured on it, so
 * original examples never grade the student. The stored model is then refit on everything, with the
 * same threshold (as `trainIntentClassifier` does).
 */
export function trainStudent(
  examples: readonly (LabelledText | TeacherExample)[],
  teacherExamples: number,
  compared: ComparedModel | null,
  options: IntentTrainingOptions = DEFAULT_INTENT_TRAINING_OPTIONS,
  embeddings: EmbeddingTable | null = null,
): StudentTrainingResult {
  const started = performance.now();
  const originals = examples.slice(0, examples.length - teacherExamples);
  const teacher = examples.slice(examples.length - teacherExamples);
  const { fit, holdout } = stratifiedSplit(teacher, (e) => e.label, options.validationFraction, options.seed);
  if (holdout.length === 0) {
    throw new TrainingDataError(
      TrainingDataErrorCode.NoExamples,
      'Too few teacher labels to hold any out: label at least 3 messages per intent',
    );
  }
  const measured = trainIntentClassifier(
    [...originals, ...fit],
    { ...options, refitOnAllData: false },
    holdout,
    embeddings,
  );
  // An active model trained on another embedder's vectors cannot be scored on these: no comparison.
  const comparable = compared && !compared.classifier.embedderProblem(embeddings?.embedder ?? null);
  const metrics: DistillationMetrics = {
    ...measured.metrics,
    teacherAgreement: agreementWith(measured.classifier, holdout, embeddings),
    teacherAgreementBySource: agreementBySource(measured.classifier, holdout, embeddings),
    teacherExamples: teacher.length,
    teacherHeldOut: holdout.length,
    activeModelVersion: compared?.version ?? null,
    activeModelAgreement: comparable ? agreementWith(compared.classifier, holdout, embeddings) : null,
  };
  const refit = TextClassifier.train(examples, options.classifier, embeddings);
  const classifier = new IntentClassifier(refit, measured.calibration.threshold, options.oosLabel, metrics);
  return { classifier, metrics, calibration: measured.calibration, seconds: (performance.now() - started) / 1000 };
}
