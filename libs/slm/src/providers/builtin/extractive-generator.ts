import { ChatMessage, Passage } from '../../slm.types';
import { BackendGenerateOptions, GenerationBackend } from '../provider.types';
import { splitSentences } from './sentence-splitter';
import { contentTerms } from './text-features';

/** What the extractive generator says when no passage sentence answers the question. */
export const EXTRACTIVE_NO_ANSWER = "I couldn't find the answer to that in the available documents.";

/** Below this share of the question's weight, a sentence is a coincidence rather than an answer. */
const MIN_COVERAGE = 0.15;
/** Further sentences must score at least this fraction of the best one. */
const RELATIVE_THRESHOLD = 0.6;
/**
 * The question before the last one still says what a follow-up ("and on weekends?") is about. Its words
 * are only added when the question alone finds nothing: with them from the start, a self-contained
 * question ("Shipping times?" after a refund question) lost its answer to a sentence about refunds.
 */
const FOLLOW_UP_WEIGHT = 0.3;
const K1 = 1.2;
/** Sentences vary less in length than documents do, so length is penalised less than BM25's usual 0.75. */
const B = 0.3;
/** "How long", "when", "how much" questions are answered by sentences with a number in them. */
const QUANTITY_QUESTION = /\b(how (long|many|much|often|soon|far|late|early)|when|what time|until)\b/i;
const QUANTITY_BONUS = 1.5;
/** Retrieval passes the most relevant passage first; earlier passages win ties. */
const RANK_DECAY = 0.1;

interface Candidate {
  passage: number;
  position: number;
  text: string;
  terms: string[];
  score: number;
}

/**
 * The offline generator: answers by quoting the passage sentences that best match the question (BM25
 * over sentences), in document order, each followed by its citation [n]. No weights, a few milliseconds,
 * the same answer every time. It reads passages from `GenerateOptions.passages`, never from the prompt.
 */
export class ExtractiveGenerator implements GenerationBackend {
  readonly readsPassages = true;

  constructor(private readonly maxSentences = 3) {}

  async load(): Promise<void> {}

  async dispose(): Promise<void> {}

  async *stream(messages: ChatMessage[], options: BackendGenerateOptions): AsyncGenerator<string> {
    const tokens = this.answer(messages, options.passages ?? []).match(/\s*\S+/g) ?? [];
    for (const token of tokens.slice(0, options.maxNewTokens)) {
      if (options.signal.aborted) return;
      yield token;
    }
  }

  /** The whole answer at once; `stream` splits it into word tokens. */
  answer(messages: ChatMessage[], passages: Passage[]): string {
    const questions = messages.filter((m) => m.role === 'user').map((m) => m.content);
    const question = questions.at(-1) ?? '';
    let chosen = this.select(passages, question, queryWeights(question));
    const previous = questions.at(-2);
    if (chosen.length === 0 && previous) chosen = this.select(passages, question, queryWeights(question, previous));
    if (chosen.length === 0) return EXTRACTIVE_NO_ANSWER;
    return chosen
      .sort((a, b) => a.passage - b.passage || a.position - b.position)
      .map((c) => cite(c.text, c.passage + 1))
      .join(' ');
  }

  private select(passages: Passage[], question: string, query: Map<string, number>): Candidate[] {
    const candidates = scoreSentences(passages, query);
    const wantsQuantity = QUANTITY_QUESTION.test(question);
    for (const c of candidates) {
      if (wantsQuantity && /\d/.test(c.text)) c.score *= QUANTITY_BONUS;
      c.score /= 1 + RANK_DECAY * c.passage;
    }
    return choose(candidates, query, this.maxSentences);
  }
}

function queryWeights(question: string, previous = ''): Map<string, number> {
  const weights = new Map<string, number>();
  for (const term of contentTerms(previous)) weights.set(term, FOLLOW_UP_WEIGHT);
  for (const term of contentTerms(question)) weights.set(term, 1);
  return weights;
}

function scoreSentences(passages: Passage[], query: Map<string, number>): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  passages.forEach((passage, p) => {
    splitSentences(String(passage?.text ?? '')).forEach((text, position) => {
      const key = text.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      candidates.push({ passage: p, position, text, terms: contentTerms(text), score: 0 });
    });
  });
  const idf = inverseDocumentFrequency(candidates, query);
  const avgLength = candidates.reduce((sum, c) => sum + c.terms.length, 0) / Math.max(1, candidates.length);
  for (const c of candidates) c.score = bm25(c.terms, query, idf, avgLength);
  // A sentence inside a passage that is about the question as a whole beats a stray match elsewhere.
  const passageTerms = new Map<number, string[]>();
  for (const c of candidates) passageTerms.set(c.passage, [...(passageTerms.get(c.passage) ?? []), ...c.terms]);
  for (const c of candidates) c.score *= 1 + coverage(passageTerms.get(c.passage) ?? [], query);
  return candidates;
}

function inverseDocumentFrequency(candidates: Candidate[], query: Map<string, number>): Map<string, number> {
  const idf = new Map<string, number>();
  for (const term of query.keys()) {
    const df = candidates.filter((c) => c.terms.includes(term)).length;
    idf.set(term, Math.log(1 + (candidates.length - df + 0.5) / (df + 0.5)));
  }
  return idf;
}

function bm25(terms: string[], query: Map<string, number>, idf: Map<string, number>, avgLength: number): number {
  let score = 0;
  for (const [term, weight] of query) {
    const tf = terms.filter((t) => t === term).length;
    if (tf === 0) continue;
    const norm = tf + K1 * (1 - B + (B * terms.length) / Math.max(1, avgLength));
    score += weight * (idf.get(term) ?? 0) * ((tf * (K1 + 1)) / norm);
  }
  return score;
}

function choose(candidates: Candidate[], query: Map<string, number>, max: number): Candidate[] {
  const ranked = candidates
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.passage - b.passage || a.position - b.position);
  const best = ranked[0];
  if (!best || coverage(best.terms, query) < MIN_COVERAGE) return [];
  return ranked.filter((c) => c.score >= best.score * RELATIVE_THRESHOLD).slice(0, max);
}

/** Share of the question's term weight the sentence contains (each question term counted once). */
function coverage(terms: string[], query: Map<string, number>): number {
  let total = 0;
  let matched = 0;
  for (const [term, weight] of query) {
    total += weight;
    if (terms.includes(term)) matched += weight;
  }
  return total === 0 ? 0 : matched / total;
}

/** "Refunds take 5 days." → "Refunds take 5 days [2]." */
function cite(sentence: string, n: number): string {
  const match = sentence.match(/^(.*?)([.!?]+["'”’)\]]*)$/s);
  return match ? `${match[1]} [${n}]${match[2]}` : `${sentence} [${n}]`;
}
