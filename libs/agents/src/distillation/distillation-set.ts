import { DEFAULT_INTENT_TRAINING_OPTIONS, LabelledText, TrainingDataError, TrainingDataErrorCode } from '../intents';
import type { IntentLabelSource } from './intent-labels.repository';

/**
 * A teacher label as distillation keeps it: who decided it travels into the version's stored examples,
 * so the student's agreement can be told apart per teacher. Unset: a human (the only teacher before
 * the escalation model decided intents).
 */
export interface TeacherExample extends LabelledText {
  readonly source?: IntentLabelSource;
}

export interface DistillationSet {
  /** Original examples first, teacher labels last (the student trainer relies on that order). */
  readonly examples: (LabelledText | TeacherExample)[];
  readonly teacherExamples: number;
  readonly originalExamples: number;
  /** Teacher labels kept, by who decided them (`human`, `escalation`). */
  readonly teacherSources: Record<string, number>;
  /** Labels with fewer teacher examples than the minimum: left out of the teacher set. */
  readonly skippedLabels: Record<string, number>;
}

export const DEFAULT_MIN_EXAMPLES_PER_LABEL = 5;

/** Case and spacing do not make a different message. */
const normalise = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Builds a student's training set from teacher labels (human decisions, and the escalation model's
 * where no human labelled the message) plus the examples the active version was trained on. A teacher
 * label overrides an original example with the same text: the teacher saw the real conversation.
 * Labels with too few teacher examples are skipped, and at least two in-scope intents must remain, or
 * the held-out agreement would mean nothing.
 */
export function buildDistillationSet(
  teacher: readonly TeacherExample[],
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
  // A version distilled earlier stores its teachers' sources; as originals of this one they are plain examples.
  const originalSet = originals
    .filter((example) => !teacherTexts.has(normalise(example.text)))
    .map(({ text, label }) => ({ text, label }));
  const skippedLabels = Object.fromEntries([...counts].filter(([label]) => !keptLabels.has(label)));
  return {
    examples: [...originalSet, ...teacherSet],
    teacherExamples: teacherSet.length,
    originalExamples: originalSet.length,
    teacherSources: countBy(teacherSet, (example) => example.source ?? 'human'),
    skippedLabels,
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function countByLabel(examples: readonly LabelledText[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { label } of examples) counts.set(label, (counts.get(label) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}
