import type { PipelineResult, TraceStep } from '../pipeline/pipeline.types';

/** What one query's run through the pipeline contributes to the figures. */
export interface AnswerRecord {
  answered: boolean;
  /** Corpus ids of the distinct passages the answer cites (one entry per [n], so repeats are possible). */
  citedCorpusIds: string[];
  goldCorpusIds: string[];
  /** Sentences the generators wrote and how many of them the grounding check supported. */
  sentences: number;
  supportedSentences: number;
  /** Best token F1 against the gold answers; null when the dataset has none for this query. */
  tokenF1: number | null;
}

export interface AnswerSummary {
  answered: number;
  refused: number;
  citation_precision: number | null;
  supported_sentence_rate: number | null;
  token_f1: number | null;
  queries: number;
}

const CITATION_MARKER = /\[\d+\]/g;
const ARTICLES = /\b(a|an|the)\b/g;

/** Python's string.punctuation, which SQuAD's evaluation script deletes. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** SQuAD's answer normalisation: lower case, punctuation deleted, no articles, single spaces. */
export function normalizeAnswer(text: string): string {
  return text.toLowerCase().replace(PUNCTUATION, '').replace(ARTICLES, ' ').split(/\s+/).filter(Boolean).join(' ');
}

/** SQuAD-style token F1 between a prediction and one gold answer (citation markers ignored). */
export function tokenF1(prediction: string, gold: string): number {
  const predicted = tokensOf(prediction.replace(CITATION_MARKER, ' '));
  const expected = tokensOf(gold);
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const token of expected) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      common++;
      remaining.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The best F1 over the gold answers, as SQuAD scores a question with several; null without gold. */
export function bestTokenF1(prediction: string, golds: string[]): number | null {
  if (golds.length === 0) return null;
  return Math.max(...golds.map((gold) => tokenF1(prediction, gold)));
}

function tokensOf(text: string): string[] {
  const normalized = normalizeAnswer(text);
  return normalized ? normalized.split(' ') : [];
}

/** Share of cited passages whose document is a gold one; null when nothing is cited. */
export function citationPrecision(citedCorpusIds: string[], goldCorpusIds: string[]): number | null {
  if (citedCorpusIds.length === 0) return null;
  const gold = new Set(goldCorpusIds);
  return citedCorpusIds.filter((id) => gold.has(id)).length / citedCorpusIds.length;
}

/**
 * Generated and supported sentence counts over every grounding step (the SLM's and the escalation's).
 * A generator's "I couldn't find the answer" is not an answer, so its sentence does not count.
 */
export function groundedSentenceCounts(trace: TraceStep[]): { sentences: number; supported: number } {
  let sentences = 0;
  let supported = 0;
  for (const step of trace) {
    if (step.stage !== 'grounding' || !step.scores || step.decision.endsWith(':no_answer')) continue;
    const total = step.scores.sentences ?? 0;
    sentences += total;
    supported += total - (step.scores.dropped ?? 0);
  }
  return { sentences, supported };
}

/** Why a query went unanswered, for the breakdown line: what the guard blocked, or the handoff reason. */
export function unansweredReason(result: Pick<PipelineResult, 'tier' | 'handoff' | 'trace'>): string {
  if (result.tier === 'refusal') {
    const guard = result.trace.find((step) => step.stage === 'guard')?.decision ?? '';
    return guard.startsWith('block:') ? `guard:${guard.slice('block:'.length).split(';')[0]}` : 'refused';
  }
  return `handoff:${result.handoff?.reason ?? 'unknown'}`;
}

/** Counts per reason, most frequent first: `handoff:not_confident 3, refused:refuse 2`. */
export function formatReasons(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ') || 'none'
  );
}

/** The tiers that answer from knowledge; everything else (handoff, refusal) counts as not answered. */
export function isAnswered(result: Pick<PipelineResult, 'route' | 'tier' | 'text'>): boolean {
  return result.route === 'knowledge' && (result.tier === 'slm' || result.tier === 'escalation') && !!result.text;
}

/**
 * The figures of a run. `answered`/`refused` are shares of the queries; citation precision is the mean
 * over answered queries that cite something; the supported-sentence rate pools every generated
 * sentence; token F1 is the mean over queries with gold answers, a refusal scoring 0 as in SQuAD.
 */
export function summarizeAnswers(records: AnswerRecord[]): AnswerSummary {
  const answered = records.filter((record) => record.answered);
  const precisions = answered
    .map((record) => citationPrecision(record.citedCorpusIds, record.goldCorpusIds))
    .filter((value): value is number => value !== null);
  const sentences = records.reduce((sum, record) => sum + record.sentences, 0);
  const supported = records.reduce((sum, record) => sum + record.supportedSentences, 0);
  const f1s = records.map((record) => record.tokenF1).filter((value): value is number => value !== null);
  return {
    answered: share(answered.length, records.length),
    refused: share(records.length - answered.length, records.length),
    citation_precision: mean(precisions),
    supported_sentence_rate: sentences === 0 ? null : round(supported / sentences),
    token_f1: mean(f1s),
    queries: records.length,
  };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
const share = (part: number, whole: number): number => (whole === 0 ? 0 : round(part / whole));
const mean = (values: number[]): number | null =>
  values.length === 0 ? null : round(values.reduce((sum, value) => sum + value, 0) / values.length);
