import { EmbeddingBackend } from '../providers/provider.types';
import { ManagedEmbedder } from './managed-embedder';

/** A backend whose vector says which call made it, so a reused vector is told from a fresh one. */
class CountingBackend implements EmbeddingBackend {
  readonly dimension = 2;
  readonly calls: string[][] = [];

  async load(): Promise<void> {}
  async dispose(): Promise<void> {}

  async embedBatch(texts: string[]): Promise<number[][]> {
    this.calls.push(texts);
    return texts.map((_, i) => [this.calls.length, i]);
  }
}

const options = {
  spec: 'test',
  provider: 'builtin' as const,
  concurrency: 1,
  batchWindowMs: 0,
  maxBatch: 16,
  recentTexts: 256,
};

describe('ManagedEmbedder', () => {
  it('embeds a single text asked for again once, handing each caller its own copy', async () => {
    const backend = new CountingBackend();
    const embedder = new ManagedEmbedder('test', backend, options);
    const [first] = await embedder.embed(['where is my parcel']);
    first[0] = -1;
    const [again] = await embedder.embed(['where is my parcel']);
    expect(backend.calls).toEqual([['where is my parcel']]);
    expect(again).toEqual([1, 0]);
  });

  it('does not answer from or fill the memory for batches', async () => {
    const backend = new CountingBackend();
    const embedder = new ManagedEmbedder('test', backend, options);
    await embedder.embed(['a']);
    await embedder.embed(['a', 'b']);
    await embedder.embed(['b']);
    expect(backend.calls).toEqual([['a'], ['a', 'b'], ['b']]);
  });

  it('keeps nothing with a memory of 0 texts', async () => {
    const backend = new CountingBackend();
    const embedder = new ManagedEmbedder('test', backend, { ...options, recentTexts: 0 });
    await embedder.embed(['a']);
    await embedder.embed(['a']);
    expect(backend.calls).toEqual([['a'], ['a']]);
  });

  it('forgets the least recently used text beyond its capacity', async () => {
    const backend = new CountingBackend();
    const embedder = new ManagedEmbedder('test', backend, options);
    await embedder.embed(['kept']);
    for (let i = 0; i < 256; i++) {
      await embedder.embed([`filler ${i}`]);
      if (i === 100) await embedder.embed(['kept']); // used again: moves to the back of the line
    }
    await embedder.embed(['filler 0']);
    await embedder.embed(['kept']);
    expect(backend.calls.filter(([text]) => text === 'kept')).toHaveLength(1);
    expect(backend.calls.filter(([text]) => text === 'filler 0')).toHaveLength(2);
  });
});
