import { ClassificationBackend } from '../providers/provider.types';
import { SlmInputError } from '../slm.errors';
import { ClassScore } from '../slm.types';
import { ClassifierEntailment, entailmentLabel } from './entailment-model';
import { ManagedClassifier } from './managed-classifier';

/** A backend whose "probability" of `yes` says what it was given, so tests can read the calls back. */
class RecordingBackend implements ClassificationBackend {
  labels = ['No', 'Entailment'];
  readonly calls: { texts: string[]; pairs?: string[] }[] = [];

  async load(): Promise<void> {}
  async dispose(): Promise<void> {}

  async classifyBatch(texts: string[], pairs?: string[]): Promise<ClassScore[][]> {
    this.calls.push(pairs ? { texts, pairs } : { texts });
    return texts.map((text, i) => {
      const score = pairs ? Number(pairs[i]) : 0;
      return [
        { label: 'Entailment', score, text },
        { label: 'No', score: 1 - score },
      ] as ClassScore[];
    });
  }
}

const options = { spec: 'test', provider: 'transformers' as const, concurrency: 1, batchWindowMs: 5, maxBatch: 16 };

describe('ManagedClassifier with text pairs', () => {
  it('batches concurrent callers, splitting a mixed batch into a pair call and a single call, in order', async () => {
    const backend = new RecordingBackend();
    const classifier = new ManagedClassifier('test', backend, options);
    const [pairs, singles, more] = await Promise.all([
      classifier.classify(['p1', 'p2'], { pairs: ['0.9', '0.2'] }),
      classifier.classify(['s1']),
      classifier.classify(['p3'], { pairs: ['0.7'] }),
    ]);
    expect(backend.calls).toEqual([{ texts: ['p1', 'p2', 'p3'], pairs: ['0.9', '0.2', '0.7'] }, { texts: ['s1'] }]);
    expect(pairs.map((scores) => scores[0])).toEqual([
      expect.objectContaining({ text: 'p1', score: 0.9 }),
      expect.objectContaining({ text: 'p2', score: 0.2 }),
    ]);
    expect(singles[0][0]).toMatchObject({ text: 's1', score: 0 });
    expect(more[0][0]).toMatchObject({ text: 'p3', score: 0.7 });
  });

  it('refuses pairs that do not match the texts one to one', async () => {
    const classifier = new ManagedClassifier('test', new RecordingBackend(), options);
    await expect(classifier.classify(['a', 'b'], { pairs: ['x'] })).rejects.toThrow(SlmInputError);
    await expect(classifier.classify(['a'], { pairs: [3 as unknown as string] })).rejects.toThrow(
      /text 0 must be a string/,
    );
  });

  it('gives each premise-hypothesis pair the probability of the entailment label', async () => {
    const backend = new RecordingBackend();
    const nli = new ClassifierEntailment(new ManagedClassifier('test', backend, options), 0.6);
    expect(
      await nli.entailment([
        { premise: 'Refunds take five days.', hypothesis: '0.8' },
        { premise: 'Parcels arrive at noon.', hypothesis: '0.1' },
      ]),
    ).toEqual([0.8, 0.1]);
    expect(backend.calls).toEqual([
      { texts: ['Refunds take five days.', 'Parcels arrive at noon.'], pairs: ['0.8', '0.1'] },
    ]);
    expect(nli.threshold).toBe(0.6);
  });

  it('fails naming the variable when the model has no entailment label', async () => {
    const backend = new RecordingBackend();
    backend.labels = ['negative', 'positive'];
    const nli = new ClassifierEntailment(new ManagedClassifier('test', backend, options), 0.5);
    await expect(nli.entailment([{ premise: 'a', hypothesis: '0.5' }])).rejects.toThrow(
      /^SLM_NLI: test has no entailment label \(labels: negative, positive\)/,
    );
  });

  it('finds the entailment label whatever its case, and nothing else', () => {
    expect(entailmentLabel(['CONTRADICTION', 'NEUTRAL', 'ENTAILMENT'])).toBe('ENTAILMENT');
    expect(entailmentLabel(['contradiction', 'entailment', 'neutral'])).toBe('entailment');
    expect(entailmentLabel(['not_entailment', 'LABEL_1'])).toBeUndefined();
  });
});
