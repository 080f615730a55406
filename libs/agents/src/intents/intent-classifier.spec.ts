import { IntentClassifier, IntentClassifierState, rejectionScoreOf } from './intent-classifier';
import { TextClassifier } from './text-classifier';
import { toyClassifierOptions, toyIntentExamples, toyOutOfScopeExamples } from './toy-intents.fixture';

const fastOptions = toyClassifierOptions();

describe('IntentClassifier rejection score', () => {
  const model = TextClassifier.train([...toyIntentExamples(20), ...toyOutOfScopeExamples()], fastOptions);
  const oosIndex = model.labels.indexOf('oos');
  const text = 'what is my balance';
  const probabilities = model.probabilities(text);
  const best = model.labels.indexOf('check_balance');
  // Between the two scores: `top` keeps the message, `top-minus-oos` rejects it.
  const threshold = probabilities[best] - probabilities[oosIndex] / 2;

  it('subtracts the out-of-scope probability only when the model has that class', () => {
    expect(rejectionScoreOf('top', probabilities, best, oosIndex)).toBe(probabilities[best]);
    expect(rejectionScoreOf('top-minus-oos', probabilities, best, oosIndex)).toBe(
      probabilities[best] - probabilities[oosIndex],
    );
    expect(rejectionScoreOf('top-minus-oos', probabilities, best, -1)).toBe(probabilities[best]);
  });

  it('thresholds the score it was built with and stores it', () => {
    const strict = new IntentClassifier(model, threshold, 'oos', null, 'top-minus-oos');
    const lenient = new IntentClassifier(model, threshold, 'oos', null, 'top');
    expect(strict.predict(text)).toMatchObject({ intent: null, outOfScope: true });
    expect(lenient.predict(text)).toMatchObject({ intent: 'check_balance', outOfScope: false });
    expect(strict.predict(text).confidence).toBe(lenient.predict(text).confidence);
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(strict.toJSON())));
    expect(restored.rejectionScore).toBe('top-minus-oos');
    expect(restored.predict(text)).toEqual(strict.predict(text));
  });

  it('loads a version 1 state (no rejectionScore) as thresholding the top probability', () => {
    const { rejectionScore: _dropped, ...current } = new IntentClassifier(model, threshold, 'oos').toJSON();
    const versionOne = { ...current, version: 1 } as IntentClassifierState;
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(versionOne)));
    expect(restored.rejectionScore).toBe('top');
    expect(restored.predict(text)).toMatchObject({ intent: 'check_balance', outOfScope: false });
  });

  it('refuses a state from an unknown version', () => {
    const state = { ...new IntentClassifier(model, threshold, 'oos').toJSON(), version: 99 };
    expect(() => IntentClassifier.fromJSON(state as unknown as IntentClassifierState)).toThrow(/Unsupported/);
  });
});
