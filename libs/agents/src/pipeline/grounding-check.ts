import type { EntailmentModel } from '@app/slm';

/**
 * The grounding check. Lexical by default: a sentence is supported when enough of its content words
 * appear in the passages it cites; cheap, deterministic and model-free, so it can check any generator's
 * output. With an NLI model configured (SLM_NLI), a sentence is supported when a passage it cites
 * entails it. Either way a sentence without a citation is never supported.
 */

const CITATION = /\[(\d+)\]/g;
/** A sentence ends at . ! or ?, possibly followed by citation markers and closing quotes. */
export const SENTENCE_BREAK = /(?<=[.!?](?:\s*\[\d+\])*["'”’)]*)\s+(?!\s*\[\d+\])/;
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what when ' +
    'where which who why will with would you your yours about also any some just very more most all each'
  ).split(' '),
);

export type GroundingMode = 'lexical' | 'nli';

export interface SentenceSupport {
  text: string;
  citations: number[];
  /**
   * 0..1. Lexical: share of the sentence's content words found in its cited passages. NLI: the highest
   * probability, over its cited passages, that the passage entails the sentence.
   */
  support: number;
  supported: boolean;
}

export interface GroundingReport {
  sentences: SentenceSupport[];
  /** The supported sentences, in order. */
  text: string;
  /** Passage numbers cited by the supported sentences, ascending. */
  cited: number[];
  /** Kept share × mean support of kept sentences; 0 when nothing is kept. */
  confidence: number;
}

export function contentWords(text: string): string[] {
  const words =
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !STOPWORDS.has(word)).map(lightStem);
}

/** Plurals and common verb endings only: enough for "refunds" to meet "refund". */
function lightStem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

export function splitAnswerSentences(answer: string): string[] {
  return answer
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function citationsOf(sentence: string): number[] {
  return [...new Set([...sentence.matchAll(CITATION)].map((match) => Number(match[1])))];
}

/** Scores one sentence against the passages it cites; built once per answer, called as each sentence ends. */
export type SentenceGrounder = (sentence: string) => SentenceSupport;
/** The same, when scoring takes a model call (NLI). */
export type AsyncSentenceGrounder = (sentence: string) => SentenceSupport | Promise<SentenceSupport>;

export function sentenceGrounder(passages: { text: string }[], minSupport: number): SentenceGrounder {
  const passageWords = passages.map((passage) => new Set(contentWords(passage.text)));
  return (sentence) => scoreSentence(sentence, passageWords, minSupport);
}

function scoreSentence(sentence: string, passageWords: Set<string>[], minSupport: number): SentenceSupport {
  const citations = citationsOf(sentence).filter((n) => n >= 1 && n <= passageWords.length);
  const words = contentWords(sentence.replace(CITATION, ' '));
  if (citations.length === 0 || words.length === 0) return { text: sentence, citations, support: 0, supported: false };
  const cited = citations.map((n) => passageWords[n - 1]);
  const found = words.filter((word) => cited.some((passage) => passage.has(word))).length;
  const support = found / words.length;
  return { text: sentence, citations, support, supported: support >= minSupport };
}

/**
 * NLI grounding: the premise is each passage the sentence cites, the hypothesis the sentence without its
 * [n] markers; the sentence's support is the highest entailment probability, and it is supported from
 * the model's threshold on. One model call per sentence, all its cited passages in one batch. A sentence
 * with no valid citation or no content words is unsupported without asking the model, as lexically.
 */
export function nliGrounder(
  passages: { text: string }[],
  model: EntailmentModel,
  signal?: AbortSignal,
): AsyncSentenceGrounder {
  return async (sentence) => {
    const citations = citationsOf(sentence).filter((n) => n >= 1 && n <= passages.length);
    const hypothesis = withoutCitations(sentence);
    if (citations.length === 0 || contentWords(hypothesis).length === 0) {
      return { text: sentence, citations, support: 0, supported: false };
    }
    const pairs = citations.map((n) => ({ premise: passages[n - 1].text, hypothesis }));
    const support = Math.max(...(await model.entailment(pairs, { signal })));
    return { text: sentence, citations, support, supported: support >= model.threshold };
  };
}

/** "Refunds take five days [1]." → "Refunds take five days.": what the passages must entail. */
export function withoutCitations(sentence: string): string {
  return sentence
    .replace(/\s*\[\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The report over sentences already scored, in the order they were written. */
export function summarizeGrounding(sentences: SentenceSupport[]): GroundingReport {
  const kept = sentences.filter((sentence) => sentence.supported);
  return {
    sentences,
    text: kept.map((sentence) => sentence.text).join(' '),
    cited: citedPassages(kept),
    confidence: groundingConfidence(sentences.length, kept),
  };
}

/** Kept share × mean support of the kept sentences; 0 when nothing was written or kept. */
export function groundingConfidence(written: number, kept: SentenceSupport[]): number {
  if (written === 0 || kept.length === 0) return 0;
  const meanSupport = kept.reduce((sum, sentence) => sum + sentence.support, 0) / kept.length;
  return (kept.length / written) * meanSupport;
}

/** Passage numbers cited by `sentences`, ascending. */
export function citedPassages(sentences: SentenceSupport[]): number[] {
  return [...new Set(sentences.flatMap((sentence) => sentence.citations))].sort((a, b) => a - b);
}

export function checkGrounding(answer: string, passages: { text: string }[], minSupport: number): GroundingReport {
  const ground = sentenceGrounder(passages, minSupport);
  return summarizeGrounding(splitAnswerSentences(answer).map(ground));
}
