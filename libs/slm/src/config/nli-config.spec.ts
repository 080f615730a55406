import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSlmConfig } from './slm-config';
import { slmConfigProblems as problemsOf } from '../testing/config-problems';

/** A model folder with what the boot check reads: the files transformers.js asks for and `id2label`. */
function modelFolder(root: string, name: string, labels: string[]): string {
  const folder = join(root, name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  const id2label = Object.fromEntries(labels.map((label, i) => [String(i), label]));
  writeFileSync(join(folder, 'config.json'), JSON.stringify({ model_type: 'bert', id2label }));
  for (const file of ['tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
    writeFileSync(join(folder, file), '{}');
  }
  return folder;
}

describe('SLM_NLI and SLM_NLI_THRESHOLD', () => {
  let root: string;
  beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'seed-nli-config-'))));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('are off by default (the grounding check stays lexical), with a 0.5 threshold', () => {
    const config = loadSlmConfig({});
    expect(config.models.nli).toBeUndefined();
    expect(config.nliThreshold).toBe(0.5);
  });

  it('accept a local NLI model whose labels name entailment in any case', () => {
    const folder = modelFolder(root, 'mnli', ['CONTRADICTION', 'Neutral', 'ENTAILMENT']);
    const config = loadSlmConfig({ SLM_NLI: `transformers:${folder}@dtype=fp32`, SLM_NLI_THRESHOLD: '0.7' });
    expect(config.models.nli).toMatchObject({ provider: 'transformers', kind: 'classifier', variable: 'SLM_NLI' });
    expect(config.nliThreshold).toBe(0.7);
  });

  it('refuse a model without an entailment label, listing the labels it has', () => {
    const folder = modelFolder(root, 'sentiment', ['negative', 'positive']);
    expect(problemsOf({ SLM_NLI: `transformers:${folder}` })).toEqual([
      expect.stringMatching(
        /^SLM_NLI: .*sentiment\/config\.json has no entailment label \(labels: negative, positive\)/,
      ),
    ]);
  });

  it('refuse providers that cannot classify pairs, a missing folder and a threshold outside 0..1', () => {
    expect(problemsOf({ SLM_NLI: 'builtin:nli' })).toEqual([
      expect.stringMatching(
        /^SLM_NLI: the builtin provider cannot classify texts or text pairs \(NLI\); use transformers/,
      ),
    ]);
    expect(problemsOf({ SLM_NLI: 'openai:mnli', SLM_OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' })).toEqual([
      expect.stringMatching(/^SLM_NLI: the openai provider cannot classify texts or text pairs \(NLI\)/),
    ]);
    expect(problemsOf({ SLM_NLI: `transformers:${join(root, 'nothing-here')}` })[0]).toMatch(
      /^SLM_NLI: model folder .*nothing-here not found/,
    );
    expect(problemsOf({ SLM_NLI_THRESHOLD: '1.5' })).toEqual([
      'SLM_NLI_THRESHOLD: expected a number from 0 to 1 (got "1.5")',
    ]);
    expect(problemsOf({ SLM_NLI_THRESHOLD: 'high' })[0]).toMatch(/^SLM_NLI_THRESHOLD: expected a number from 0 to 1/);
  });
});
