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
});
