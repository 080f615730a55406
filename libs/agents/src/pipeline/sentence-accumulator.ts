import { SENTENCE_BREAK, splitAnswerSentences } from './grounding-check';

const BREAKS = new RegExp(SENTENCE_BREAK.source, 'g');
/** What follows a break may still grow into a citation marker ("… days. [" + "1]"), which would undo it. */
const CITATION_PREFIX = /^(?:\[\d*)?$/;

/**
 * Turns a generator's token stream into sentences as they end, splitting exactly where the grounding
 * check splits a whole answer: pushing every token and then calling `finish` yields the same sentences
 * as `splitAnswerSentences(whole text)`. A sentence is released only once the text after its break
 * rules out a citation marker that would still belong to it.
 */
export class SentenceAccumulator {
  private buffer = '';

  /** Adds a token; returns the sentences it completed, in order. */
  push(token: string): string[] {
    this.buffer += token;
    let released = 0;
    const sentences: string[] = [];
    for (const match of this.buffer.matchAll(BREAKS)) {
      const end = match.index + match[0].length;
      if (CITATION_PREFIX.test(this.buffer.slice(end))) break;
      sentences.push(this.buffer.slice(released, match.index));
      released = end;
    }
    this.buffer = this.buffer.slice(released);
    return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
  }

  /** The generation ended: whatever is left, split the same way. */
  finish(): string[] {
    const rest = splitAnswerSentences(this.buffer);
    this.buffer = '';
    return rest;
  }
}
