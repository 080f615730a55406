import { formatModelSpec, parseModelSpec } from './model-spec';

describe('parseModelSpec', () => {
  it('splits provider, model and options', () => {
    expect(parseModelSpec('transformers:Xenova/bge-small-en-v1.5@dtype=q8,pooling=cls')).toEqual({
      provider: 'transformers',
      model: 'Xenova/bge-small-en-v1.5',
      options: { dtype: 'q8', pooling: 'cls' },
    });
  });

  it('keeps colons inside the model name (Ollama tags)', () => {
    expect(parseModelSpec('openai:qwen2.5:1.5b@dim=1536')).toEqual({
      provider: 'openai',
      model: 'qwen2.5:1.5b',
      options: { dim: '1536' },
    });
  });

  it('rejects a spec without provider or model, and options that are not key=value', () => {
    expect(() => parseModelSpec('hash')).toThrow(/provider:model/);
    expect(() => parseModelSpec('builtin:')).toThrow(/no model/);
    expect(() => parseModelSpec('builtin:hash@384')).toThrow(/key=value/);
  });

  it('formats canonically with sorted options', () => {
    expect(formatModelSpec(parseModelSpec('builtin:hash@b=2,a=1'))).toBe('builtin:hash@a=1,b=2');
    expect(formatModelSpec(parseModelSpec('builtin:hash@b=2,a=1'), ['a'])).toBe('builtin:hash@a=1');
  });
});
