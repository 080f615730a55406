import { TextVectorizer, charNgrams, tokenize, wordNgrams } from './text-features';

const options = {
  wordNgramRange: [1, 2] as const,
  charNgramRange: [2, 3] as const,
  minDocumentCount: 1,
  wordBlockWeight: 1,
  charBlockWeight: 1,
};

function norm(values: Float32Array): number {
  return Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
}

describe('text features', () => {
  it('normalises case, apostrophes and digits before tokenising', () => {
    expect(tokenize("My card HASN'T arrived after 12 days!")).toEqual([
      'my',
      'card',
      'hasnt',
      'arrived',
      'after',
      '0',
      'days',
    ]);
    expect(tokenize('   ?!  ')).toEqual([]);
  });

  it('builds word n-grams and char n-grams inside word boundaries', () => {
    expect(wordNgrams(['lost', 'my', 'card'], [1, 2])).toEqual(['lost', 'my', 'card', 'lost my', 'my card']);
    expect(charNgrams(['ab'], [2, 3])).toEqual([' a', 'ab', 'b ', ' ab', 'ab ']);
  });

  it('gives each block an L2 norm equal to its weight', () => {
    const vectorizer = TextVectorizer.fit(['lost my card', 'card arrived'], { ...options, charBlockWeight: 2 });
    const vector = vectorizer.transform('lost card');
    const wordCount = vectorizer.toState().wordVocabulary.length;
    const words = vector.values.filter((_, i) => vector.indices[i] < wordCount);
    const chars = vector.values.filter((_, i) => vector.indices[i] >= wordCount);
    expect(norm(words)).toBeCloseTo(1, 5);
    expect(norm(chars)).toBeCloseTo(2, 5);
  });

  it('drops n-grams below the minimum document count and maps unknown text to an empty vector', () => {
    const vectorizer = TextVectorizer.fit(['card card', 'card lost', 'balance'], {
      ...options,
      charBlockWeight: 0,
      minDocumentCount: 2,
    });
    expect(vectorizer.toState().wordVocabulary).toEqual(['card']);
    expect(vectorizer.transform('weather').indices.length).toBe(0);
    expect(vectorizer.transform('').indices.length).toBe(0);
  });

  it('restores from its state to identical vectors', () => {
    const vectorizer = TextVectorizer.fit(['lost my card', 'card arrived late', 'what is my balance'], options);
    const restored = TextVectorizer.fromState(JSON.parse(JSON.stringify(vectorizer.toState())));
    const text = 'my card is lost';
    expect(restored.transform(text)).toEqual(vectorizer.transform(text));
  });

  it('builds word n-grams from stems when asked, and keeps doing so after a reload', () => {
    const words = { ...options, charBlockWeight: 0 };
    const stemmed = TextVectorizer.fit(['cancelled my order', 'cancelling the order'], { ...words, stemWords: true });
    expect(stemmed.toState().wordVocabulary).toEqual(expect.arrayContaining(['cancel', 'cancel my', 'order']));
    expect(stemmed.toState().wordVocabulary).not.toContain('cancelled');
    const restored = TextVectorizer.fromState(JSON.parse(JSON.stringify(stemmed.toState())));
    expect(restored.transform('cancels orders')).toEqual(stemmed.transform('cancel order'));
    expect(restored.transform('cancels orders').indices.length).toBe(2);
  });

  it('raises the idf of n-grams that keep to one class when fitted with labels', () => {
    const texts = ['refund please', 'refund please', 'weather please', 'joke please'];
    const words = { ...options, charBlockWeight: 0, classWeighting: 1 };
    const labels = { labels: [0, 0, 1, 2], numClasses: 3 };
    const plain = TextVectorizer.fit(texts, words).toState();
    const weighted = TextVectorizer.fit(texts, words, 0, labels).toState();
    const idf = (state: typeof plain, gram: string) => state.wordIdf[state.wordVocabulary.indexOf(gram)];
    // "refund" is seen in one class only: its idf doubles; "please" is in every class: almost unchanged.
    expect(idf(weighted, 'refund')).toBeCloseTo(2 * idf(plain, 'refund'), 5);
    expect(idf(weighted, 'please') / idf(plain, 'please')).toBeLessThan(1.1);
    // Without a weighting strength the labels change nothing.
    expect(TextVectorizer.fit(texts, { ...words, classWeighting: 0 }, 0, labels).toState().wordIdf).toEqual(
      plain.wordIdf,
    );
  });

  it('appends a dense block after the n-grams, scaled to its weight, and needs the embedding', () => {
    const texts = ['my card is lost', 'where is my parcel'];
    const dense = TextVectorizer.fit(texts, { ...options, denseBlockWeight: 0.5 }, 3);
    const plain = TextVectorizer.fit(texts, options);
    expect(dense.dimension).toBe(plain.dimension + 3);
    const vector = dense.transform('my card', [0.6, 0.8, 0]);
    expect(Array.from(vector.indices.slice(-3))).toEqual([plain.dimension, plain.dimension + 1, plain.dimension + 2]);
    expect(Array.from(vector.values.slice(-3))).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6), 0]);
    expect(dense.knows(vector)).toBe(true);
    expect(dense.knows(dense.transform('zzz', [1, 0, 0]))).toBe(false);
    expect(() => dense.transform('my card')).toThrow(/3-dimension embedding; got none/);
    // Without an embedder at fit time the weight is ignored: the vectoriser is the n-gram one.
    expect(TextVectorizer.fit(texts, { ...options, denseBlockWeight: 0.5 }).dimension).toBe(plain.dimension);
    const restored = TextVectorizer.fromState(JSON.parse(JSON.stringify(dense.toState())));
    expect(restored.transform('my card', [0.6, 0.8, 0])).toEqual(vector);
  });
});
