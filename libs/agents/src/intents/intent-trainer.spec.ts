import { IntentClassifier } from './intent-classifier';
import { TextClassifier } from './text-classifier';
import { trainIntentClassifier } from './intent-trainer';
import { TOY_INTENTS, toyClassifierOptions, toyIntentExamples, toyOutOfScopeExamples } from './toy-intents.fixture';
import { TrainingDataError, TrainingDataErrorCode } from './training-data.exception';

const fast = { classifier: toyClassifierOptions() };

describe('trainIntentClassifier', () => {
  const examples = toyIntentExamples(30);
  const result = trainIntentClassifier(examples, { ...fast, fallbackRejectRate: 0 });

  it('learns the toy intents and reports held-out metrics', () => {
    expect(result.classifier.intents).toEqual([...TOY_INTENTS].sort());
    expect(result.metrics.accuracy).toBe(1);
    expect(result.metrics.macroF1).toBe(1);
    expect(Object.keys(result.metrics.perIntentF1).sort()).toEqual([...TOY_INTENTS].sort());
    expect(result.metrics.oosRecall).toBeNull();
    expect(result.classifier.predict('hello, i lost my card').intent).toBe('lost_card');
    expect(result.classifier.predict('please transfer funds to another account').intent).toBe('transfer_money');
  });

  it('treats empty and punctuation-only text as out of scope with zero confidence', () => {
    for (const text of ['', '   ', '?!']) {
      expect(result.classifier.predict(text)).toEqual({
        intent: null,
        confidence: 0,
        outOfScope: true,
        alternatives: [],
      });
    }
  });

  it('serialises to JSON and loads back with identical predictions', () => {
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(result.classifier.toJSON())));
    expect(restored.threshold).toBe(result.classifier.threshold);
    expect(restored.metrics).toEqual(result.metrics);
    for (const text of ['what is my balance', 'send money please', 'play some jazz', 'zzz']) {
      expect(restored.predict(text)).toEqual(result.classifier.predict(text));
    }
  });

  it('is deterministic for a seed', () => {
    const again = trainIntentClassifier(examples, { ...fast, fallbackRejectRate: 0 });
    expect(JSON.stringify(again.classifier.toJSON())).toBe(JSON.stringify(result.classifier.toJSON()));
  });

  it('calibrates an out-of-scope threshold on held-out OOS examples', () => {
    const oos = toyOutOfScopeExamples();
    const validation = [...toyIntentExamples(5, 11), ...oos.slice(0, 3)];
    const trained = trainIntentClassifier(examples, fast, validation);
    expect(trained.calibration.method).toBe('accuracy-budget');
    expect(trained.classifier.threshold).toBeGreaterThan(0);
    expect(trained.metrics.oosRecall).toBe(1);
    expect(trained.classifier.predict('what is the weather like tomorrow').outOfScope).toBe(true);
    const inScope = trained.classifier.predict('hi what is my balance');
    expect(inScope).toMatchObject({ intent: 'check_balance', outOfScope: false });
    expect(inScope.alternatives[0].intent).toBe('check_balance');
  });

  it('learns an explicit out-of-scope class from OOS training examples', () => {
    const trained = trainIntentClassifier([...examples, ...toyOutOfScopeExamples(), ...toyOutOfScopeExamples()], fast);
    expect(trained.classifier.intents).not.toContain('oos');
    const prediction = trained.classifier.predict('tell me a joke about penguins');
    expect(prediction).toMatchObject({ intent: null, outOfScope: true });
  });

  it('rejects training data with a single intent', () => {
    const single = examples.filter((e) => e.label === 'lost_card');
    expect(() => trainIntentClassifier(single, fast)).toThrow(TrainingDataError);
    expect(() => trainIntentClassifier(single, fast)).toThrow(/at least 2 distinct labels/);
  });

  it('rejects an invalid validation fraction', () => {
    const error = (() => {
      try {
        trainIntentClassifier(examples, { ...fast, validationFraction: 1 });
      } catch (e) {
        return e as TrainingDataError;
      }
    })();
    expect(error?.code).toBe(TrainingDataErrorCode.InvalidOption);
  });
});

describe('IntentClassifier.predict', () => {
  it('lists the three best in-scope intents in order, matching the full ranking', () => {
    const { classifier } = trainIntentClassifier(toyIntentExamples(20), { ...fast, fallbackRejectRate: 0 });
    const state = classifier.toJSON();
    const text = 'please send money to my account balance';
    const ranking = TextClassifier.fromJSON(state.classifier).rank(text, 3);
    expect(classifier.predict(text).alternatives).toEqual(
      ranking.map((r) => ({ intent: r.label, confidence: r.probability })),
    );
  });
});
