import { SeededRandom } from './seeded-random';
import { SoftmaxRegression } from './softmax-regression';
import { SparseVector } from './sparse-vector';

/** Three classes, each owning two of six features, plus one shared noise feature. */
function toyProblem(count: number, seed: number): { inputs: SparseVector[]; labels: Int32Array } {
  const random = new SeededRandom(seed);
  const labels = Int32Array.from({ length: count }, () => random.nextInt(3));
  const inputs = Array.from(labels, (label) => ({
    indices: Int32Array.of(label * 2 + random.nextInt(2), 6),
    values: Float32Array.of(1, random.next()),
  }));
  return { inputs, labels };
}

const options = { epochs: 5, learningRate: 0.5, l2: 1e-5, seed: 1 };

function argmax(values: Float64Array): number {
  return values.indexOf(Math.max(...values));
}

describe('SoftmaxRegression', () => {
  it('learns a linearly separable problem', () => {
    const train = toyProblem(300, 1);
    const test = toyProblem(100, 2);
    const model = SoftmaxRegression.train(train.inputs, train.labels, 7, 3, options);
    const correct = test.inputs.filter((input, i) => argmax(model.predictProbabilities(input)) === test.labels[i]);
    expect(correct.length).toBe(test.inputs.length);
  });

  it('returns probabilities that sum to one, also for an empty input', () => {
    const train = toyProblem(60, 3);
    const model = SoftmaxRegression.train(train.inputs, train.labels, 7, 3, options);
    const empty = model.predictProbabilities({ indices: new Int32Array(0), values: new Float32Array(0) });
    expect(empty.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 10);
  });

  it('is deterministic for a seed', () => {
    const train = toyProblem(100, 4);
    const a = SoftmaxRegression.train(train.inputs, train.labels, 7, 3, options);
    const b = SoftmaxRegression.train(train.inputs, train.labels, 7, 3, options);
    expect(b.weights).toEqual(a.weights);
  });

  it('round-trips through JSON bit for bit', () => {
    const train = toyProblem(100, 5);
    const model = SoftmaxRegression.train(train.inputs, train.labels, 7, 3, options);
    const restored = SoftmaxRegression.fromState(JSON.parse(JSON.stringify(model.toState())));
    expect(restored.weights).toEqual(model.weights);
    expect(restored.predictProbabilities(train.inputs[0])).toEqual(model.predictProbabilities(train.inputs[0]));
  });

  it('rejects a corrupt state', () => {
    const state = { ...SoftmaxRegression.train([], new Int32Array(0), 2, 2, options).toState(), numFeatures: 3 };
    expect(() => SoftmaxRegression.fromState(state)).toThrow(/corrupt/);
  });
});
