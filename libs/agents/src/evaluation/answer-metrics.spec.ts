import {
  AnswerRecord,
  bestTokenF1,
  citationPrecision,
  formatReasons,
  groundedSentenceCounts,
  isAnswered,
  normalizeAnswer,
  summarizeAnswers,
  tokenF1,
  unansweredReason,
} from './answer-metrics';
import { goldAnswersOf } from './gold-answers';
import type { TraceStep } from '../pipeline/pipeline.types';

const record = (overrides: Partial<AnswerRecord>): AnswerRecord => ({
  answered: true,
  citedCorpusIds: [],
  goldCorpusIds: ['d1'],
  sentences: 0,
  supportedSentences: 0,
  tokenF1: null,
  ...overrides,
});

describe('answer metrics', () => {
  it('normalises answers as SQuAD does', () => {
    expect(normalizeAnswer('The  Mother-to-child transmission, (MTCT)!')).toBe('mothertochild transmission mtct');
  });

  it('scores token F1 with repeated tokens counted once each and citation markers ignored', () => {
    expect(tokenF1('Refunds take five days [1].', 'refunds take five days')).toBe(1);
    // prediction x1 x2 x1 (3 tokens), gold x1 x2 x3 x3 (4 tokens): common x1, x2 → P 2/3, R 2/4.
    expect(tokenF1('x1 x2 x1', 'x1 x2 x3 x3')).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5));
    expect(tokenF1('nothing in common', 'refunds')).toBe(0);
    expect(tokenF1('', 'refunds')).toBe(0);
    expect(bestTokenF1('five days', ['three weeks', 'five days'])).toBe(1);
    expect(bestTokenF1('five days', [])).toBeNull();
  });

  it('measures citation precision against the gold documents, null when nothing is cited', () => {
    expect(citationPrecision(['d1', 'd2', 'd1', 'd3'], ['d1'])).toBe(0.5);
    expect(citationPrecision([], ['d1'])).toBeNull();
  });

  it('counts generated and supported sentences over every grounding step, leaving out no-answer replies', () => {
    const trace: TraceStep[] = [
      { stage: 'retrieve', decision: '5 passages', ms: 1 },
      {
        stage: 'grounding',
        decision: 'slm:not_confident',
        scores: { confidence: 0.2, sentences: 4, dropped: 3 },
        ms: 1,
      },
      {
        stage: 'grounding',
        decision: 'escalation:grounded',
        scores: { confidence: 1, sentences: 2, dropped: 0 },
        ms: 1,
      },
      { stage: 'grounding', decision: 'slm:no_answer', scores: { confidence: 0, sentences: 1, dropped: 1 }, ms: 1 },
    ];
    expect(groundedSentenceCounts(trace)).toEqual({ sentences: 6, supported: 3 });
  });

  it('counts only knowledge answers from the SLM or the escalation model as answered', () => {
    expect(isAnswered({ route: 'knowledge', tier: 'slm', text: 'Yes [1].' })).toBe(true);
    expect(isAnswered({ route: 'knowledge', tier: 'escalation', text: 'Yes [1].' })).toBe(true);
    expect(isAnswered({ route: 'handoff', tier: 'handoff', text: "I don't know" })).toBe(false);
    expect(isAnswered({ route: 'refuse', tier: 'refusal', text: 'Sorry' })).toBe(false);
  });

  it('names why a query went unanswered and counts the reasons, most frequent first', () => {
    const guard = { stage: 'guard', decision: 'block:injection_model; redacted 1 PII', ms: 1 };
    expect(unansweredReason({ tier: 'refusal', trace: [guard] })).toBe('guard:injection_model');
    expect(unansweredReason({ tier: 'refusal', trace: [] })).toBe('refused');
    expect(unansweredReason({ tier: 'handoff', handoff: { reason: 'not_confident' }, trace: [] })).toBe(
      'handoff:not_confident',
    );
    expect(formatReasons(['a', 'b', 'b'])).toBe('b 2, a 1');
    expect(formatReasons([])).toBe('none');
  });

  it('summarises a run: shares, means over the queries each figure applies to, nulls when none do', () => {
    const summary = summarizeAnswers([
      record({ citedCorpusIds: ['d1'], sentences: 2, supportedSentences: 1, tokenF1: 1 }),
      record({ citedCorpusIds: ['d2', 'd1'], sentences: 2, supportedSentences: 2, tokenF1: 0.5 }),
      record({ answered: false, sentences: 1, supportedSentences: 0, tokenF1: 0 }),
      record({ answered: false, tokenF1: null }),
    ]);
    expect(summary).toEqual({
      answered: 0.5,
      refused: 0.5,
      citation_precision: 0.75,
      supported_sentence_rate: 0.6,
      token_f1: 0.5,
      queries: 4,
    });
    expect(summarizeAnswers([record({ answered: false })])).toMatchObject({
      citation_precision: null,
      supported_sentence_rate: null,
      token_f1: null,
    });
  });

  it('reads gold answers from query metadata as SQuAD spans or strings, ignoring anything else', () => {
    const spans = { answers: [{ text: 'Mother-to-child transmission', answer_start: 370 }, { text: ' ' }, 7] };
    expect(goldAnswersOf({ metadata: spans })).toEqual(['Mother-to-child transmission']);
    expect(goldAnswersOf({ metadata: { answers: ['five days'] } })).toEqual(['five days']);
    expect(goldAnswersOf({ metadata: { matched_faq_question: 'x' } })).toEqual([]);
    expect(goldAnswersOf({})).toEqual([]);
  });
});
