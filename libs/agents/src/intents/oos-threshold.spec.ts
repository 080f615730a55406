import { ScoredExample, calibrateOosThreshold } from './oos-threshold';

const options = { fallbackRejectRate: 0.25, inScopeAccuracyBudget: 0.02 };

function inScope(confidence: number, correct = true): ScoredExample {
  return { confidence, isOos: false, correct, predictedOos: false };
}

function outOfScope(confidence: number, predictedOos = false): ScoredExample {
  return { confidence, isOos: true, correct: false, predictedOos };
}

describe('calibrateOosThreshold', () => {
  it('puts the threshold in the gap between out-of-scope and in-scope confidences', () => {
    const examples = [inScope(0.9), inScope(0.8), inScope(0.7), outOfScope(0.3), outOfScope(0.2)];
    const calibration = calibrateOosThreshold(examples, options);
    expect(calibration.method).toBe('accuracy-budget');
    expect(calibration.threshold).toBeCloseTo(0.5);
  });

  it('trades a wrong in-scope answer for out-of-scope recall', () => {
    // Rejecting the wrong 0.4 in-scope answer costs nothing, catching the 0.45 OOS example gains.
    const examples = [inScope(0.9), inScope(0.4, false), outOfScope(0.45), outOfScope(0.1)];
    expect(calibrateOosThreshold(examples, options).threshold).toBeGreaterThan(0.45);
  });

  it('gives up no more in-scope accuracy than the budget allows', () => {
    const inScopeExamples = [...Array.from({ length: 8 }, () => inScope(0.9)), inScope(0.5), inScope(0.45)];
    const examples = [...inScopeExamples, outOfScope(0.3), outOfScope(0.48), outOfScope(0.6)];
    expect(calibrateOosThreshold(examples, { ...options, inScopeAccuracyBudget: 0.1 }).threshold).toBeCloseTo(0.49);
    expect(calibrateOosThreshold(examples, { ...options, inScopeAccuracyBudget: 0.2 }).threshold).toBeCloseTo(0.75);
  });

  it('counts examples won by an explicit out-of-scope class as caught at any threshold', () => {
    const examples = [inScope(0.6), inScope(0.5), outOfScope(0.9, true)];
    expect(calibrateOosThreshold(examples, options).threshold).toBe(0);
  });

  it('falls back to rejecting a share of in-scope examples when there is no OOS data', () => {
    const examples = [inScope(0.9), inScope(0.8), inScope(0.3), inScope(0.6)];
    const calibration = calibrateOosThreshold(examples, options);
    expect(calibration).toEqual({ threshold: 0.6, method: 'reject-rate' });
  });
});
