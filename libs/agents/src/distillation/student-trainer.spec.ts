import { IntentClassifier, TextClassifier, trainIntentClassifier } from '../intents';
import { toyIntentExamples } from '../intents/toy-intents.fixture';
import { agreementWith, trainStudent } from './student-trainer';

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
