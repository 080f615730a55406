import { groundWhileGenerating, GroundingGate } from './grounded-generation';
import { sentenceGrounder, SentenceSupport } from './grounding-check';

const passages = [
  { text: 'Refunds reach your card within five business days after we receive the parcel.' },
  { text: 'Express parcels arrive the next morning when ordered before 3pm.' },
];
const SUPPORTED_1 = 'Refunds reach your card within five business days [1].';
const SUPPORTED_2 = 'Express parcels arrive the next morning [2].';
const UNSUPPORTED = 'Every customer also gets a free unicorn [1].';

/** A scripted generator: word tokens of `text`, pausing where `pauseAfter` says until `resume()`. */
function scriptedTokens(text: string, pauseAfter?: string) {
  let resume!: () => void;
  const paused = new Promise<void>((resolve) => (resume = resolve));
  let finished = false;
  async function* tokens(): AsyncGenerator<string> {
    for (const token of text.match(/\s*\S+/g) ?? []) {
      yield token;
      if (pauseAfter && token.trim().endsWith(pauseAfter)) await paused;
    }
    finished = true;
  }
  return { tokens: tokens(), resume, isFinished: () => finished };
}

function gate(minConfidence = 0.5): GroundingGate & { released: string[] } {
  const released: string[] = [];
  return {
    ground: sentenceGrounder(passages, 0.5),
    minConfidence,
    release: (sentence: SentenceSupport) => released.push(sentence.text),
    released,
  };
}

describe('groundWhileGenerating', () => {
  it('releases the first supported sentence while the generator is still writing', async () => {
    // The generator stops after the marker of the second sentence's first word and waits there.
    const script = scriptedTokens(`${SUPPORTED_1} ${SUPPORTED_2}`, 'Express');
    const checks = gate();
    const running = groundWhileGenerating(script.tokens, checks);
    await new Promise((resolve) => setImmediate(resolve));
    expect(checks.released).toEqual([SUPPORTED_1]);
    expect(script.isFinished()).toBe(false);
    script.resume();
    const outcome = await running;
    expect(checks.released).toEqual([SUPPORTED_1, SUPPORTED_2]);
    expect(outcome.released.map((sentence) => sentence.text)).toEqual([SUPPORTED_1, SUPPORTED_2]);
    expect(outcome.report.confidence).toBe(1);
    expect(outcome.firstReleaseMs).not.toBeNull();
  });

  it('never releases an unsupported sentence', async () => {
    const checks = gate();
    const outcome = await groundWhileGenerating(
      scriptedTokens(`${SUPPORTED_1} ${UNSUPPORTED} ${SUPPORTED_2} Uncited words here.`).tokens,
      checks,
    );
    expect(checks.released).toEqual([SUPPORTED_1, SUPPORTED_2]);
    expect(outcome.report.sentences.map((sentence) => sentence.supported)).toEqual([true, false, true, false]);
    expect(outcome.raw).toContain('unicorn');
  });

  it('holds supported sentences while the answer so far is not confident, then releases them in order', async () => {
    const checks = gate(0.5);
    // After the unicorn: 0 of 1 kept; after SUPPORTED_1: 1 of 2 kept (0.5): the gate opens.
    await groundWhileGenerating(scriptedTokens(`${UNSUPPORTED} ${SUPPORTED_1} ${SUPPORTED_2}`).tokens, checks);
    expect(checks.released).toEqual([SUPPORTED_1, SUPPORTED_2]);

    const strict = gate(0.9);
    const outcome = await groundWhileGenerating(scriptedTokens(`${UNSUPPORTED} ${SUPPORTED_1}`).tokens, strict);
    expect(strict.released).toEqual([]);
    expect(outcome.released).toEqual([]);
    expect(outcome.report.text).toBe(SUPPORTED_1);
  });

  it('keeps what was released when the generation fails part-way, and reports the failure', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield `${SUPPORTED_1} Express`;
      throw new Error('server went away');
    }
    const checks = gate();
    const outcome = await groundWhileGenerating(failing(), checks);
    expect(checks.released).toEqual([SUPPORTED_1]);
    expect(outcome.failure).toEqual(new Error('server went away'));
    expect(outcome.report.sentences).toHaveLength(1);
  });
});
