export { IntentDistillationService } from './intent-distillation.service';
export type { DistillationOptions, StartedDistillation } from './intent-distillation.service';
export { IntentLabelsRepository } from './intent-labels.repository';
export type { IntentLabel, IntentLabelSource, NewIntentLabel } from './intent-labels.repository';
export { buildDistillationSet, DEFAULT_MIN_EXAMPLES_PER_LABEL } from './distillation-set';
export type { DistillationSet, TeacherExample } from './distillation-set';
export { agreementBySource, agreementWith, trainStudent } from './student-trainer';
export type { ComparedModel, DistillationMetrics, StudentTrainingResult } from './student-trainer';
