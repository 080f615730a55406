import { IntentClassifier, IntentClassifierState } from './intent-classifier';
import { EmbeddingTable, SentenceEmbedder, intentEmbedderOf, unitVector } from './sentence-embeddings';
import { TextClassifier } from './text-classifier';
import { toyClassifierOptions, toyIntentExamples, toyOutOfScopeExamples } from './toy-intents.fixture';

// Pure logic only: a stand-in embedder (4 dimensions, one per toy intent keyword). Real transformers.js
// inference is covered in test/medium/agents/intent-embeddings.test.ts.
const KEYWORDS = ['balance', 'card', 'transfer', 'open'];
const fakeEmbedder = (id = 'transformers:fake'): SentenceEmbedder & { calls: string[][] } => {
  const calls: string[][] = [];
  return {
    id,
    calls,
    embed: async (texts: string[]) => {
      calls.push(texts);
      return texts.map((text) => KEYWORDS.map((word) => (text.includes(word) ? 2 : 0.5)));
    },
  };
};

const examples = [...toyIntentExamples(10), ...toyOutOfScopeExamples()];
const sparse = toyClassifierOptions().members[0];
const withDense = { members: [{ ...sparse, features: { ...sparse.features, denseBlockWeight: 1 } }] };
const denseOnly = {
  members: [
    { ...sparse, features: { ...sparse.features, wordBlockWeight: 0, charBlockWeight: 0, denseBlockWeight: 1 } },
  ],
};

describe('sentence embeddings as intent features', () => {
  it('takes only transformers embedders', () => {
    expect(intentEmbedderOf(fakeEmbedder())).not.toBeNull();
    expect(intentEmbedderOf(fakeEmbedder('builtin:hash@dim=384'))).toBeNull();
    expect(intentEmbedderOf(fakeEmbedder('openai:nomic-embed-text'))).toBeNull();
  });

  it('embeds each distinct text once, in batches, as unit vectors', async () => {
    const embedder = fakeEmbedder();
    const texts = Array.from({ length: 150 }, (_, i) => `text ${i % 100}`);
    const table = await EmbeddingTable.build(embedder, texts);
    expect(embedder.calls.map((batch) => batch.length)).toEqual([64, 36]);
    expect(table.embedder).toEqual({ id: 'transformers:fake', dimension: 4 });
    const norm = Math.hypot(...table.vector('text 3'));
    expect(norm).toBeCloseTo(1, 6);
    expect(() => table.vector('never embedded')).toThrow(/No embedding computed/);
    expect(Array.from(unitVector([3, 4]))).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
  });

  it('ignores the dense block without embeddings, and leaves out a member that has nothing else', async () => {
    const plain = TextClassifier.train(examples, withDense);
    expect(plain.embedder).toBeNull();
    expect(plain.toJSON().members[0].vectorizer.denseDimension).toBeUndefined();
    expect(() => TextClassifier.train(examples, denseOnly)).toThrow(/No classifier member has features/);
    const both = { members: [...withDense.members, ...denseOnly.members] };
    expect(TextClassifier.train(examples, both).toJSON().members).toHaveLength(1);
  });

  it('appends the embedding when trained with one, and needs it to score', async () => {
    const table = await EmbeddingTable.build(
      fakeEmbedder(),
      examples.map((e) => e.text),
    );
    const model = TextClassifier.train(examples, withDense, table);
    expect(model.embedder).toEqual({ id: 'transformers:fake', dimension: 4 });
    const text = examples[0].text;
    expect(() => model.probabilities(text)).toThrow(/needs the text's embedding from transformers:fake/);
    const restored = TextClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.probabilities(text, undefined, table.vector(text)))).toEqual(
      Array.from(model.probabilities(text, undefined, table.vector(text))),
    );
    // A state whose dense block disagrees with its recorded embedder is refused, not misread.
    const state = model.toJSON();
    expect(() => TextClassifier.fromJSON({ ...state, embedder: { id: 'transformers:fake', dimension: 8 } })).toThrow(
      /corrupt/,
    );
  });

  it('still reads version 2 states (no embedder) and routes them without any embedder', () => {
    const model = TextClassifier.train(examples, toyClassifierOptions());
    const versionTwo = { ...new IntentClassifier(model, 0, 'oos').toJSON(), version: 2 } as IntentClassifierState;
    const restored = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(versionTwo)));
    expect(restored.embedder).toBeNull();
    expect(restored.embedderProblem(null)).toBeNull();
    expect(restored.predict('what is my balance')).toMatchObject({ intent: 'check_balance' });
  });
});
