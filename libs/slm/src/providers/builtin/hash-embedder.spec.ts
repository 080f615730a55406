import { HashEmbedder } from './hash-embedder';

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const norm = (v: number[]) => Math.sqrt(cosine(v, v));

describe('HashEmbedder', () => {
  const embedder = new HashEmbedder(384);

  it('makes unit vectors of the configured size, the same on every call', async () => {
    const [a, b] = await embedder.embedBatch(['How do I reset my password?', 'How do I reset my password?']);
    expect(a).toHaveLength(384);
    expect(norm(a)).toBeCloseTo(1, 10);
    expect(a).toEqual(b);
  });

  it('puts related texts closer than unrelated ones', async () => {
    const [query, related, unrelated] = await embedder.embedBatch([
      'how long do refunds take',
      'Refunds are issued within five business days',
      'Our office is closed on public holidays',
    ]);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.1);
  });

  it('tolerates case, accents and small typos', async () => {
    const [a, b, c] = await embedder.embedBatch(['Café opening hours', 'cafe OPENING hours', 'cafe openning hours']);
    expect(cosine(a, b)).toBeCloseTo(1, 10);
    expect(cosine(a, c)).toBeGreaterThan(0.6);
  });

  it('gives empty and punctuation-only texts one fixed unit vector', async () => {
    const [empty, punctuation] = await embedder.embedBatch(['', ' ?! ']);
    expect(norm(empty)).toBeCloseTo(1, 10);
    expect(empty).toEqual(punctuation);
  });

  it('embeds very long texts whole, without a window', async () => {
    const [long] = await embedder.embedBatch(['refund '.repeat(50_000)]);
    expect(norm(long)).toBeCloseTo(1, 10);
  });
});
