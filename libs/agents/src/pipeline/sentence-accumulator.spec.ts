import { splitAnswerSentences } from './grounding-check';
import { SentenceAccumulator } from './sentence-accumulator';

const ANSWERS = [
  'Refunds reach your card within five business days [1]. Express parcels arrive the next morning [2].',
  'Express parcels arrive the next morning.[2] Refunds reach your card in five days. [1][2] Anything else?',
  'Is that so? Yes! "Quoted," she said [3]. Done [1] [2].  Trailing   spaces [4].   ',
  'No terminal mark at all [1]',
  'One. [',
  '  Leading space. Then more [12]. And a number 3.5 in it [1].',
];

/** Cuts `text` into tokens at pseudo-random places, as a model's tokenizer might. */
function tokenize(text: string, seed: number): string[] {
  const tokens: string[] = [];
  let state = seed;
  for (let i = 0; i < text.length;) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const length = 1 + (state % 5);
    tokens.push(text.slice(i, i + length));
    i += length;
  }
  return tokens;
}

function accumulate(tokens: string[]): { sentences: string[]; releasedAfter: number[] } {
  const accumulator = new SentenceAccumulator();
  const sentences: string[] = [];
  const releasedAfter: number[] = [];
  tokens.forEach((token, i) => {
    for (const sentence of accumulator.push(token)) {
      sentences.push(sentence);
      releasedAfter.push(i);
    }
  });
  sentences.push(...accumulator.finish());
  return { sentences, releasedAfter };
}

describe('SentenceAccumulator', () => {
  it.each(ANSWERS)('splits a token stream exactly as the grounding check splits the whole text: %s', (answer) => {
    for (let seed = 1; seed <= 40; seed++) {
      expect(accumulate(tokenize(answer, seed)).sentences).toEqual(splitAnswerSentences(answer));
    }
    expect(accumulate([...answer]).sentences).toEqual(splitAnswerSentences(answer));
    expect(accumulate([answer]).sentences).toEqual(splitAnswerSentences(answer));
  });

  it('releases a sentence as soon as the next one starts, before the generation ends', () => {
    const tokens = ['Refunds take', ' five days [1].', ' Express', ' parcels', ' arrive [2].'];
    expect(accumulate(tokens)).toEqual({
      sentences: ['Refunds take five days [1].', 'Express parcels arrive [2].'],
      releasedAfter: [2],
    });
  });

  it('holds a sentence while what follows may still be its citation marker', () => {
    const accumulator = new SentenceAccumulator();
    expect(accumulator.push('Refunds take five days.')).toEqual([]);
    expect(accumulator.push(' ')).toEqual([]);
    expect(accumulator.push('[')).toEqual([]);
    expect(accumulator.push('1')).toEqual([]);
    expect(accumulator.push('] Next')).toEqual(['Refunds take five days. [1]']);
    expect(accumulator.finish()).toEqual(['Next']);
  });

  it('releases the sentence when a bracket turns out not to be a citation', () => {
    const accumulator = new SentenceAccumulator();
    expect(accumulator.push('Done. [')).toEqual([]);
    expect(accumulator.push('a')).toEqual(['Done.']);
    expect(accumulator.finish()).toEqual(['[a']);
  });
});
