import { TrainingDataError } from '../intents';
import { buildDistillationSet } from './distillation-set';

const labelled = (label: string, count: number, prefix = label) =>
  Array.from({ length: count }, (_, i) => ({ text: `${prefix} message ${i}`, label }));

describe('buildDistillationSet', () => {
  it('puts original examples first and teacher labels last', () => {
    const teacher = [...labelled('refund', 5), ...labelled('shipping', 5)];
    const originals = labelled('complaint', 3, 'original');
    const set = buildDistillationSet(teacher, originals, 5);
    expect(set.examples).toEqual([...originals, ...teacher]);
    expect(set).toMatchObject({ teacherExamples: 10, originalExamples: 3, skippedLabels: {} });
  });

  it('lets a teacher label override an original example with the same text', () => {
    const teacher = [...labelled('refund', 5), ...labelled('shipping', 5)];
    const originals = [
      { text: '  Refund   MESSAGE 0 ', label: 'complaint' },
      { text: 'something else', label: 'complaint' },
    ];
    const set = buildDistillationSet(teacher, originals, 5);
    expect(set.examples.filter((e) => e.label === 'complaint')).toEqual([
      { text: 'something else', label: 'complaint' },
    ]);
  });

  it("counts teacher labels by source and keeps each one's source, dropping it from originals", () => {
    const teacher = [
      ...labelled('refund', 5),
      ...labelled('shipping', 5).map((e) => ({ ...e, source: 'escalation' as const })),
      ...labelled('rare', 1).map((e) => ({ ...e, source: 'escalation' as const })),
    ];
    // An earlier distilled version's examples carry sources; as originals they are plain examples.
    const originals = [{ text: 'old one', label: 'complaint', source: 'escalation' as const }];
    const set = buildDistillationSet(teacher, originals, 5);
    expect(set.teacherSources).toEqual({ human: 5, escalation: 5 });
    expect(set.examples[0]).toEqual({ text: 'old one', label: 'complaint' });
    expect(set.examples.at(-1)).toEqual({ text: 'shipping message 4', label: 'shipping', source: 'escalation' });
  });

  it('skips labels with too few teacher examples and reports them', () => {
    const teacher = [...labelled('refund', 5), ...labelled('shipping', 6), ...labelled('rare', 2)];
    const set = buildDistillationSet(teacher, [], 5);
    expect(set.skippedLabels).toEqual({ rare: 2 });
    expect(set.examples.some((e) => e.label === 'rare')).toBe(false);
  });

  it('refuses fewer than two intents with enough labels, naming what it has', () => {
    const teacher = [...labelled('refund', 5), ...labelled('shipping', 4), ...labelled('oos', 9)];
    expect(() => buildDistillationSet(teacher, [], 5)).toThrow(TrainingDataError);
    expect(() => buildDistillationSet(teacher, [], 5)).toThrow(
      'Distillation needs at least 2 intents with 5 or more labelled messages each; have oos 9, refund 5, shipping 4',
    );
    expect(() => buildDistillationSet([], [], 5)).toThrow(/have no labels/);
  });
});
