export {
  trainIntentClassifier,
  trainIntentClassifierWithEmbedder,
  DEFAULT_INTENT_TRAINING_OPTIONS,
  INTENT_TEXT_CLASSIFIER_OPTIONS,
} from './intent-trainer';
export type { IntentTrainingOptions, IntentTrainingResult } from './intent-trainer';
export {
  DEFAULT_REJECTION_SCORE,
  IntentClassifier,
  IntentEmbedderError,
  INTENT_CLASSIFIER_FORMAT,
  INTENT_CLASSIFIER_VERSION,
} from './intent-classifier';
export type { IntentAlternative, IntentClassifierState, IntentPrediction, RejectionScore } from './intent-classifier';
export { TextClassifier, DEFAULT_TEXT_CLASSIFIER_OPTIONS } from './text-classifier';
export type {
  RankedLabel,
  TextClassifierMemberOptions,
  TextClassifierOptions,
  TextClassifierState,
} from './text-classifier';
export { DEFAULT_TEXT_FEATURE_OPTIONS } from './text-features';
export type { TextFeatureOptions } from './text-features';
export { DEFAULT_SOFTMAX_OPTIONS } from './softmax-regression';
export type { SoftmaxTrainingOptions } from './softmax-regression';
export type { OosCalibration } from './oos-threshold';
export { computeIntentMetrics } from './metrics';
export type { ConfusedPair, IntentMetrics } from './metrics';
export { assertTrainable, formatLabelledCsv, parseLabelledCsv, readLabelledCsvFile } from './training-data';
export type { LabelledText } from './training-data';
export { TrainingDataError, TrainingDataErrorCode } from './training-data.exception';
export { EmbeddingTable, intentEmbedderOf, unitVector } from './sentence-embeddings';
export type { EmbedderRef, SentenceEmbedder } from './sentence-embeddings';
