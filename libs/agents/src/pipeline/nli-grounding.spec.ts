import type { EntailmentModel, EntailmentPair } from '@app/slm';
import { groundWhileGenerating } from './grounded-generation';
import { nliGrounder, SentenceSupport, withoutCitations } from './grounding-check';

const passages = [
  { text: 'Refunds reach your card within five business days after we receive the parcel.' },
  { text: 'Express parcels arrive the next morning when ordered before 3pm.' },
];

/**
 * A stand-in for the NLI model (the real one runs in test/medium/agents/nli-grounding.test.ts): entails
 * a hypothesis when the premise contains its first word, and records every pair it was asked about.
 */
class FirstWordEntailment implements EntailmentModel {
  readonly id = 'first-word';
  readonly asked: EntailmentPair[][] = [];
  constructor(readonly threshold = 0.5) {}

  async entailment(pairs: EntailmentPair[]): Promise<number[]> {
    this.asked.push(pairs);
    return pairs.map(({ premise, hypothesis }) =>
      premise.toLowerCase().includes(hypothesis.split(' ')[0].toLowerCase()) ? 0.9 : 0.1,
    );
  }
}

describe('nliGrounder', () => {
  it('asks whether each cited passage entails the sentence without its markers, and keeps the best', async () => {
    const model = new FirstWordEntailment();
    const scored = await nliGrounder(passages, model)('Express parcels come early [1][2].');
    expect(model.asked).toEqual([
      [
        { premise: passages[0].text, hypothesis: 'Express parcels come early.' },
        { premise: passages[1].text, hypothesis: 'Express parcels come early.' },
      ],
    ]);
    expect(scored).toEqual({
      text: 'Express parcels come early [1][2].',
      citations: [1, 2],
      support: 0.9,
      supported: true,
    });
  });

  it('is supported from the model threshold on', async () => {
    const sentence = 'Refunds are slow [1].';
    expect((await nliGrounder(passages, new FirstWordEntailment(0.9))(sentence)).supported).toBe(true);
    expect((await nliGrounder(passages, new FirstWordEntailment(0.95))(sentence)).supported).toBe(false);
    expect((await nliGrounder(passages, new FirstWordEntailment())('Cats are slow [1].')).support).toBe(0.1);
  });

  it('never asks the model about a sentence without a valid citation or without content words', async () => {
    const model = new FirstWordEntailment();
    const ground = nliGrounder(passages, model);
    for (const sentence of ['Refunds are slow.', 'Refunds are slow [7].', 'And so it is [1].']) {
      expect(await ground(sentence)).toMatchObject({ support: 0, supported: false });
    }
    expect(model.asked).toEqual([]);
  });

  it('strips citation markers wherever they stand', () => {
    expect(withoutCitations('Refunds take five days [1].')).toBe('Refunds take five days.');
    expect(withoutCitations('Refunds take five days. [1] [2]')).toBe('Refunds take five days.');
    expect(withoutCitations('[3] Refunds  take [1] five days.')).toBe('Refunds take five days.');
  });
});

describe('groundWhileGenerating with an asynchronous grounder', () => {
  async function* words(text: string): AsyncGenerator<string> {
    for (const token of text.match(/\s*\S+/g) ?? []) yield token;
  }

  it('releases supported sentences in the order written even when verdicts arrive out of order', async () => {
    // The first sentence's verdict takes longest; a grounder racing ahead would release the second first.
    const delays = [30, 0, 10];
    let call = 0;
    const ground = async (sentence: string): Promise<SentenceSupport> => {
      await new Promise((resolve) => setTimeout(resolve, delays[call++]));
      const supported = !sentence.includes('unicorn');
      return { text: sentence, citations: [1], support: supported ? 0.9 : 0.1, supported };
    };
    const released: string[] = [];
    const outcome = await groundWhileGenerating(words('One [1]. A unicorn [1]. Three [1].'), {
      ground,
      minConfidence: 0.5,
      release: (sentence) => released.push(sentence.text),
    });
    expect(released).toEqual(['One [1].', 'Three [1].']);
    expect(outcome.report.sentences.map((sentence) => sentence.supported)).toEqual([true, false, true]);
    expect(outcome.report.confidence).toBeCloseTo((2 / 3) * 0.9);
  });

  it('stops the generation and reports the failure when the grounder fails, keeping what was released', async () => {
    let generatorClosed = false;
    async function* tokens(): AsyncGenerator<string> {
      try {
        yield* words('Fine [1]. Broken [1]. Never written [1]. More');
      } finally {
        generatorClosed = true;
      }
    }
    const ground = async (sentence: string): Promise<SentenceSupport> => {
      if (sentence.startsWith('Broken')) throw new Error('model unavailable');
      return { text: sentence, citations: [1], support: 1, supported: true };
    };
    const released: string[] = [];
    const outcome = await groundWhileGenerating(tokens(), {
      ground,
      minConfidence: 0.5,
      release: (sentence) => released.push(sentence.text),
    });
    expect(outcome.failure).toEqual(new Error('model unavailable'));
    expect(released).toEqual(['Fine [1].']);
    expect(outcome.raw).not.toContain('More');
    expect(generatorClosed).toBe(true);
  });
});
