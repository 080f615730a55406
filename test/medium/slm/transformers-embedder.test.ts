/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import { Logger } from '@nestjs/common';
import { Embedder, loadSlmConfig, ModelRegistry, SlmInputError } from '@app/slm';
import { ensureTinyModels, TINY_ENCODER } from '@app/slm/testing';

const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('transformers embedder (tiny BERT-like ONNX model, real transformers.js inference)', () => {
  const models = ensureTinyModels();
  let registry: ModelRegistry;
  let embedder: Embedder;

  beforeAll(() => {
    registry = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: `transformers:${models.encoder}` }));
    embedder = registry.embedder();
  });

  afterAll(() => registry.onApplicationShutdown());

  it('knows its dimension and id from the model folder before loading', () => {
    expect(embedder.dimension).toBe(TINY_ENCODER.hidden);
    expect(embedder.id).toBe(`transformers:${models.encoder}@pooling=mean`);
    expect(registry.health().embedder).toMatchObject({ provider: 'transformers', loaded: false });
  });

  it('returns one unit vector of the model size per text', async () => {
    const vectors = await embedder.embed(['How do I reset my password?', 'refund', 'Où est ma commande ?']);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toHaveLength(32);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(vectors[0]).not.toEqual(vectors[1]);
    expect(registry.health().embedder).toMatchObject({
      loaded: true,
      loadMs: expect.any(Number),
      rssBytes: expect.any(Number),
    });
  });

  it('gives the same vector whether a text is embedded alone or micro-batched with others', async () => {
    const [alone] = await embedder.embed(['where is my order']);
    const together = await Promise.all([
      embedder.embed(['a much longer text about refunds and shipping']),
      embedder.embed(['where is my order']),
    ]);
    together[1][0].forEach((x, i) => expect(x).toBeCloseTo(alone[i], 5));
  });

  it('keeps order and vectors when a batch mixing short queries and long chunks is split by length', async () => {
    const chunk = 'refund order shipping invoice warranty password '.repeat(6).trim();
    const texts = ['where is my order', chunk, 'refund', `${chunk} again`, 'reset my password'];
    const together = await embedder.embed(texts);
    const alone: number[][] = [];
    // One at a time: concurrent calls would be micro-batched together like `texts` was.
    for (const text of texts) alone.push((await embedder.embed([text]))[0]);
    together.forEach((vector, row) => vector.forEach((x, i) => expect(x).toBeCloseTo(alone[row][i], 5)));
    expect(together[0]).not.toEqual(together[1]);
  });

  it('embeds the empty string as a unit vector and [] as []', async () => {
    const [empty] = await embedder.embed(['']);
    expect(norm(empty)).toBeCloseTo(1, 5);
    expect(await embedder.embed([])).toEqual([]);
  });

  it('cuts texts longer than the window, logging it once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const fresh = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: `transformers:${models.encoder}` }));
    const long = 'refund order shipping '.repeat(100);
    const [cut] = await fresh.embedder().embed([long]);
    const [cutAgain] = await fresh.embedder().embed([long, 'short']);
    expect(norm(cut)).toBeCloseTo(1, 5);
    cutAgain.forEach((x, i) => expect(x).toBeCloseTo(cut[i], 5));
    const notices = warn.mock.calls.filter(([message]) => String(message).includes('64-token window'));
    expect(notices).toHaveLength(1);
    warn.mockRestore();
    await fresh.onApplicationShutdown();
  });

  it('rejects non-string input with a defined error', async () => {
    await expect(embedder.embed(['ok', 7 as unknown as string])).rejects.toThrow(SlmInputError);
    await expect(embedder.embed('text' as unknown as string[])).rejects.toThrow(/expected an array of strings/);
  });

  it('honours @pooling=cls', async () => {
    const cls = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: `transformers:${models.encoder}@pooling=cls` }));
    const [a] = await cls.embedder().embed(['where is my order']);
    const [b] = await embedder.embed(['where is my order']);
    expect(cls.embedder().id).toMatch(/@pooling=cls$/);
    expect(norm(a)).toBeCloseTo(1, 5);
    expect(a).not.toEqual(b);
    await cls.onApplicationShutdown();
  });
});
