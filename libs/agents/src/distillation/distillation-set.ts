import { DEFAULT_INTENT_TRAINING_OPTIONS, LabelledText, TrainingDataError, TrainingDataErrorCode } from '../intents';

export interface DistillationSet {
  /** Original examples first, teacher labels last (the student trainer relies on that order). */
  readonly examples: LabelledText[];
  readonly teacherExamples: number;
  readonly originalExamples: number;
  /** Labels with fewer teacher examples than the minimum: left out of the teacher set. */
  readonly skippedLabels: Record<string, number>;
}

export const DEFAULT_MIN_EXAMPLES_PER_LABEL = 5;

/** Case and spacing do not make a different message. */
const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Builds a student's training set from teacher labels (human decisions) plus the examples the active
 * version was trained on. A teacher label overrides an original example with the same text: the human
 * saw the real conversation. Labels with too few teacher examples are skipped, and at least two
 * in-scope intents must remain, or the held-out agreement would mean nothing.
 */
export function buildDistillationSet(
  teacher: readonly LabelledText[],
  originals: readonly LabelledText[],
  minExamplesPerLabel = DEFAULT_MIN_EXAMPLES_PER_LABEL,
  oosLabel = DEFAULT_INTENT_TRAINING_OPTIONS.oosLabel,
): DistillationSet {
  const counts = countByLabel(teacher);
  const kept = [...counts].filter(([, count]) => count >= minExamplesPerLabel).map(([label]) => label);
  const intents = kept.filter((label) => label !== oosLabel);
  if (intents.length < 2) {
    const have = [...counts].map(([label, count]) => `${label} ${count}`).join(', ') || 'no labels';
    throw new TrainingDataError(
      TrainingDataErrorCode.TooFewClasses,
      `Distillation needs at least 2 intents with ${minExamplesPerLabel} or more labelled messages each; have ${have}`,
    );
  }
  const keptLabels = new Set(kept);
  const teacherSet = teacher.filter((example) => keptLabels.has(example.label));
  const teacherTexts = new Set(teacherSet.map((example) => normalise(example.text)));
  const originalSet = originals.filter((example) => !teacherTexts.has(normalise(example.text)));
  const skippedLabels = Object.fromEntries([...counts].filter(([label]) => !keptLabels.has(label)));
  return {
    examples: [...originalSet, ...teacherSet],
    teacherExamples: teacherSet.length,
    originalExamples: originalSet.length,
    skippedLabels,
  };
}

function countByLabel(examples: readonly LabelledText[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { label } of examples) counts.set(label, (counts.get(label) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}
