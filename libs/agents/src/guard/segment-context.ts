import { splitSegments } from './text-segments';

/**
 * Where a sentence sits in a document and how it relates to the rest of it. An instruction hidden in an
 * email is addressed to the assistant and out of place: it asks for something ("Recommend a good book")
 * that shares no words with the email around it, often on a line of its own at the start or the end.
 * The n-gram model sees the sentence alone; these features let the guard see it in context.
 */
export interface SegmentContext {
  readonly segment: string;
  readonly first: boolean;
  readonly last: boolean;
  /** The segment is a whole line of the document. */
  readonly ownLine: boolean;
  /** Share of the segment's content words found elsewhere in the document (0 = a topic shift). */
  readonly overlap: number;
  /** Addresses the reader: you, your, yourself. */
  readonly secondPerson: boolean;
  /** Opens with a task verb (write, translate, explain, recommend…) or a polite request. */
  readonly imperative: boolean;
  readonly question: boolean;
  readonly words: number;
}

/** Verbs that open a task given to an assistant; an email's own calls to action (click, reply) are not here. */
const TASK_VERBS = new Set(
  (
    'add analyze analyse answer append assess brainstorm break calculate categorize categorise classify compare ' +
    'compile compose convert correct create debug define describe design detail develop draft edit elaborate ' +
    'encode decode evaluate explain express extract find fix generate give guess identify illustrate imagine include ' +
    'insert integrate interpret invent list make name outline paraphrase predict provide rank recommend rephrase ' +
    'replace respond reverse rewrite say share show solve sort spell state suggest summarize summarise tell ' +
    'transcribe translate use write'
  ).split(' '),
);
const POLITE_OPENERS = /^(?:please|kindly|can you|could you|would you|will you|i want you to|i need you to)\b/i;
const WH_OPENERS = /^(?:what|who|whom|whose|which|when|where|why|how|is|are|do|does|did|can|could|should)\b/i;
const SECOND_PERSON = /\b(?:you|your|yours|yourself)\b/i;
const STOPWORDS = new Set(
  (
    'the and for are but not you your all any can had her was one our out has have him his how its may new now ' +
    'see two who did get let put say she too use with this that from they will what when where which while would ' +
    'could should there their them then than these those been into more most some such only also just very about ' +
    'please thank thanks'
  ).split(' '),
);

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((word) => !STOPWORDS.has(word));
}

function firstWord(segment: string): string {
  return (
    segment
      .replace(/^[^\p{L}]+/u, '')
      .match(/^\p{L}+/u)?.[0]
      .toLowerCase() ?? ''
  );
}

export function segmentContexts(text: string, maxSegments = 128): SegmentContext[] {
  const segments = splitSegments(text, maxSegments);
  const lines = new Set(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
  const wordsBySegment = segments.map(contentWords);
  const documentCounts = new Map<string, number>();
  for (const words of wordsBySegment) {
    for (const word of new Set(words)) documentCounts.set(word, (documentCounts.get(word) ?? 0) + 1);
  }
  return segments.map((segment, i) => {
    const words = [...new Set(wordsBySegment[i])];
    const shared = words.filter((word) => (documentCounts.get(word) ?? 0) > 1).length;
    return {
      segment,
      first: i === 0,
      last: i === segments.length - 1,
      ownLine: lines.has(segment),
      overlap: words.length === 0 ? 1 : shared / words.length,
      secondPerson: SECOND_PERSON.test(segment),
      imperative: TASK_VERBS.has(firstWord(segment)) || POLITE_OPENERS.test(segment),
      question: segment.endsWith('?') || WH_OPENERS.test(segment),
      words: wordsBySegment[i].length,
    };
  });
}
