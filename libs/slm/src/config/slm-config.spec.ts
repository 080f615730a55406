import { loadSlmConfig } from './slm-config';
import { slmConfigProblems as problemsOf } from '../testing/config-problems';

describe('loadSlmConfig', () => {
  it('defaults to the offline builtins and no escalation model', () => {
    const config = loadSlmConfig({});
    expect(config.models.embedder).toMatchObject({ provider: 'builtin', model: 'hash', dimension: 384 });
    expect(config.models.generator).toMatchObject({ provider: 'builtin', model: 'extractive' });
    expect(config.models.escalation).toBeUndefined();
    expect(config.allowRemote).toBe(false);
  });

  it('reads builtin options', () => {
    expect(loadSlmConfig({ SLM_EMBEDDER: 'builtin:hash@dim=256' }).models.embedder).toMatchObject({ dimension: 256 });
  });

  it('names the variable for unknown providers, unknown models and unknown options, all at once', () => {
    const problems = problemsOf({
      SLM_EMBEDDER: 'llama:foo',
      SLM_GENERATOR: 'builtin:poet',
      SLM_ESCALATION: 'builtin:extractive@dtpye=q8',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^SLM_EMBEDDER: unknown provider "llama"/),
      expect.stringMatching(/^SLM_GENERATOR: no builtin generator named "poet" \(known: builtin:extractive\)/),
      expect.stringMatching(/^SLM_ESCALATION: unknown option dtpye/),
    ]);
  });

  it('rejects a builtin embedder as generator and a malformed option value', () => {
    expect(problemsOf({ SLM_GENERATOR: 'builtin:hash' })[0]).toMatch(
      /SLM_GENERATOR: no builtin generator named "hash"/,
    );
    expect(problemsOf({ SLM_EMBEDDER: 'builtin:hash@dim=abc' })[0]).toMatch(
      /SLM_EMBEDDER: option dim=abc must be a whole number/,
    );
  });

  it('asks for the server URL and the vector size of openai embedders', () => {
    const problems = problemsOf({ SLM_EMBEDDER: 'openai:nomic-embed-text' });
    expect(problems).toEqual([
      expect.stringMatching(/SLM_EMBEDDER: .*SLM_OPENAI_BASE_URL is not set/),
      expect.stringMatching(/@dim=768/),
    ]);
    const config = loadSlmConfig({
      SLM_EMBEDDER: 'openai:nomic-embed-text@dim=768',
      SLM_OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/',
    });
    expect(config.models.embedder).toMatchObject({
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      dimension: 768,
    });
  });

  it('refuses a hub id while remote loading is off, and says what to do', () => {
    const [problem] = problemsOf({
      SLM_EMBEDDER: 'transformers:Xenova/bge-small-en-v1.5',
      SLM_MODEL_DIR: '/nonexistent',
    });
    expect(problem).toMatch(/^SLM_EMBEDDER: model folder \/nonexistent\/Xenova\/bge-small-en-v1.5 not found/);
    expect(problem).toMatch(/SLM_ALLOW_REMOTE=true/);
  });

  it('accepts a hub id when remote loading is on, without touching the network at boot', () => {
    const config = loadSlmConfig({
      SLM_EMBEDDER: 'transformers:Xenova/bge-small-en-v1.5',
      SLM_MODEL_DIR: '/nonexistent',
      SLM_ALLOW_REMOTE: 'true',
    });
    expect(config.models.embedder).toMatchObject({
      provider: 'transformers',
      location: { path: 'Xenova/bge-small-en-v1.5', remote: true },
    });
  });
});
