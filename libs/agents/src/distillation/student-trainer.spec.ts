import {
  DEFAULT_INTENT_TRAINING_OPTIONS,
  EmbeddingTable,
  IntentClassifier,
  TextClassifier,
  trainIntentClassifier,
} from '../intents';
import { toyIntentExamples } from '../intents/toy-intents.fixture';
import { agreementBySource, agreementWith, trainStudent } from './student-trainer';

describe('trainStudent', () => {
  const teacher = toyIntentExamples(20, 5);

  it('measures agreement with held-out teacher labels and refits on everything', () => {
    const result = trainStudent(teacher, teacher.length, null);
    expect(result.metrics.teacherExamples).toBe(teacher.length);
    expect(result.metrics.teacherHeldOut).toBe(12);
    expect(result.metrics.teacherAgreement).toBeGreaterThanOrEqual(0.9);
    expect(result.metrics).toMatchObject({ activeModelVersion: null, activeModelAgreement: null });
    expect(result.metrics.examples).toBe(12);
    expect(result.classifier.metrics).toEqual(result.metrics);
  });

  it('grades only teacher labels: original examples are never held out', () => {
    const originals = toyIntentExamples(10, 9).map((e) => ({ ...e, text: `original ${e.text}` }));
    const result = trainStudent([...originals, ...teacher], teacher.length, null);
    expect(result.metrics.teacherHeldOut).toBe(12);
  });

  it('compares the active model on the same held-out labels', () => {
    const relabelled = teacher.map((e) => ({ ...e, label: e.label === 'lost_card' ? 'card_problem' : e.label }));
    const active = trainIntentClassifier(teacher).classifier;
    const result = trainStudent(relabelled, relabelled.length, { version: 3, classifier: active });
    expect(result.metrics.activeModelVersion).toBe(3);
    // The old model never says card_problem, so it disagrees on those held-out labels; the student learnt it.
    expect(result.metrics.activeModelAgreement).toBeLessThan(result.metrics.teacherAgreement);
  });

  it('reports agreement per teacher: unmarked labels are human, escalation labels are counted apart', () => {
    // Every other label of each intent came from the escalation model.
    const mixed = teacher.map((e, i) => (i % 2 ? { ...e, source: 'escalation' as const } : e));
    const { metrics } = trainStudent(mixed, mixed.length, null);
    const { human, escalation } = metrics.teacherAgreementBySource;
    expect(Object.keys(metrics.teacherAgreementBySource).sort()).toEqual(['escalation', 'human']);
    expect(human.heldOut + escalation.heldOut).toBe(metrics.teacherHeldOut);
    const weighted = (human.agreement * human.heldOut + escalation.agreement * escalation.heldOut) / 12;
    expect(weighted).toBeCloseTo(metrics.teacherAgreement, 10);
  });

  it('trains with embeddings when given them, and does not compare an active model of another embedder', async () => {
    // A stand-in embedder (pure logic); real transformers.js inference: test/medium/agents/intent-embeddings.test.ts.
    const embedderNamed = (id: string) => ({
      id,
      embed: async (texts: string[]) => texts.map((text) => [text.length, text.includes('card') ? 1 : 0, 1]),
    });
    const texts = teacher.map((e) => e.text);
    const table = await EmbeddingTable.build(embedderNamed('transformers:a'), texts);
    const other = await EmbeddingTable.build(embedderNamed('transformers:b'), texts);
    const options = DEFAULT_INTENT_TRAINING_OPTIONS;
    const active = trainIntentClassifier(teacher, {}, undefined, other).classifier;
    expect(active.embedder?.id).toBe('transformers:b');
    const result = trainStudent(teacher, teacher.length, { version: 2, classifier: active }, options, table);
    expect(result.classifier.embedder).toEqual({ id: 'transformers:a', dimension: 3 });
    expect(result.metrics).toMatchObject({ activeModelVersion: 2, activeModelAgreement: null });
    expect(result.metrics.teacherAgreement).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses teacher labels too few to hold any out', () => {
    const tiny = [
      { text: 'refund please', label: 'refund' },
      { text: 'where is my parcel', label: 'shipping' },
    ];
    expect(() => trainStudent(tiny, 2, null)).toThrow(/label at least 3 messages per intent/);
  });
});

describe('agreementWith', () => {
  it('counts a rejected message as the out-of-scope label', () => {
    const model = new IntentClassifier(
      TextClassifier.train([
        { text: 'refund please', label: 'refund' },
        { text: 'where is my parcel', label: 'shipping' },
      ]),
      0.5,
      'oos',
    );
    expect(agreementWith(model, [{ text: '???', label: 'oos' }])).toBe(1);
    expect(agreementWith(model, [])).toBe(0);
  });
});

describe('agreementBySource', () => {
  it('grades each source on its own labels', () => {
    const model = trainIntentClassifier(toyIntentExamples(20, 5)).classifier;
    const [right] = toyIntentExamples(1, 5);
    const wrong = { ...right, label: 'no_such_intent', source: 'escalation' as const };
    expect(agreementBySource(model, [right, { ...right, source: 'human' as const }, wrong])).toEqual({
      human: { agreement: 1, heldOut: 2 },
      escalation: { agreement: 0, heldOut: 1 },
    });
  });
});
