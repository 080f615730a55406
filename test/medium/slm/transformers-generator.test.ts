/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import { Logger } from '@nestjs/common';
import { generateText, Generator, loadSlmConfig, ModelRegistry } from '@app/slm';
import { ensureTinyModels, TINY_CLASSIFIER_LABELS } from '@app/slm/testing';

// The tiny decoder's bigram table writes the alphabet: after the prompt's last token comes "a", then "b", ...
describe('transformers generator (tiny Llama-like ONNX model with KV cache, real transformers.js generation)', () => {
  const models = ensureTinyModels();
  let registry: ModelRegistry;
  let generator: Generator;
  const ask = [{ role: 'user' as const, content: 'Hello there' }];

  beforeAll(() => {
    registry = new ModelRegistry(loadSlmConfig({ SLM_GENERATOR: `transformers:${models.decoder}` }));
    generator = registry.generator();
  });

  afterAll(() => registry.onApplicationShutdown());

  it('streams token by token through the chat template and stops at maxNewTokens', async () => {
    const tokens: string[] = [];
    for await (const token of generator.generate(ask, { maxNewTokens: 12 })) tokens.push(token);
    expect(tokens).toEqual('abcdefghijkl'.split(''));
    expect(await generateText(generator, ask, { maxNewTokens: 30 })).toBe('abcdefghijklmnopqrstuvwxyz abc');
  });

  it('stops early when the signal aborts, throwing its reason', async () => {
    const controller = new AbortController();
    const tokens: string[] = [];
    const run = async () => {
      for await (const token of generator.generate(ask, { maxNewTokens: 200, signal: controller.signal })) {
        tokens.push(token);
        if (tokens.length === 5) controller.abort(new Error('visitor closed the chat'));
      }
    };
    await expect(run()).rejects.toThrow('visitor closed the chat');
    expect(tokens.join('')).toBe('abcde');
  });

  it('stops generating when the caller leaves the loop, and serves the next caller', async () => {
    let first = '';
    for await (const token of generator.generate(ask, { maxNewTokens: 200 })) {
      first += token;
      if (first.length === 3) break;
    }
    expect(first).toBe('abc');
    expect(await generateText(generator, ask, { maxNewTokens: 2 })).toBe('ab');
  });

  it('runs concurrent generations to completion (queued beyond the limit)', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => generateText(generator, ask, { maxNewTokens: 4 })));
    expect(answers).toEqual(['abcd', 'abcd', 'abcd']);
  });

  it('keeps the newest part of an over-long conversation, logging it once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const long = [{ role: 'user' as const, content: 'x'.repeat(2000) }];
    expect(await generateText(generator, long, { maxNewTokens: 3 })).toBe('abc');
    expect(await generateText(generator, long, { maxNewTokens: 3 })).toBe('abc');
    expect(warn.mock.calls.filter(([m]) => String(m).includes('oldest prompt tokens dropped'))).toHaveLength(1);
    warn.mockRestore();
  });

  it('accepts passages (they go into the system prompt) and reports health', async () => {
    const passages = [{ text: 'Refunds take 5 days.' }];
    expect(await generateText(generator, ask, { maxNewTokens: 2, passages })).toBe('ab');
    expect(registry.health().generator).toMatchObject({ provider: 'transformers', loaded: true });
  });
});

describe('transformers classifier (tiny BERT-like sequence classifier)', () => {
  it('returns every label with probabilities, best first', async () => {
    const models = ensureTinyModels();
    const registry = new ModelRegistry(loadSlmConfig({}));
    const classifier = registry.classifier(`transformers:${models.classifier}`);
    const [first, second] = await classifier.classify(['where is my parcel', 'I want a refund for my card payment']);
    expect(classifier.labels).toEqual(TINY_CLASSIFIER_LABELS);
    for (const scores of [first, second]) {
      expect(scores.map((s) => s.label).sort()).toEqual([...TINY_CLASSIFIER_LABELS].sort());
      expect(scores.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 5);
      expect(scores[0].score).toBeGreaterThanOrEqual(scores[1].score);
    }
    expect(registry.classifier(`transformers:${models.classifier}`)).toBe(classifier);
    await registry.onApplicationShutdown();
  });
});
