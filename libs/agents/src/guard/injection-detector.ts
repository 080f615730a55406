import { ContextWeights, scoreDocumentSegments } from './context-scorer';
import { GuardReason } from './guard.types';
import { INJECTION_RULES, matchRules } from './injection-rules';
import { DetectorState, SegmentScorer } from './segment-scorer';
import { splitSegments } from './text-segments';

export interface DetectorVerdict {
  readonly flagged: boolean;
  readonly score: number;
  readonly reason: GuardReason | null;
}

/** A forwarded email or pasted page rather than a chat line: several sentences and some length. */
export function isDocumentLike(text: string): boolean {
  return text.length >= 150 && splitSegments(text, 3).length >= 3;
}

/**
 * Prompt injection and jailbreak detection in three layers: high-precision rules for the classic
 * phrasings (no model, self-explaining); the message model over each segment; and, for document-like
 * text only, a second model that flags any assistant-directed task among the document's sentences,
 * read together with where the sentence sits and whether it fits the text around it (context-scorer.ts).
 * The split exists because "Help me with a recipe" is an ordinary chat request but an injected
 * instruction when it sits in the middle of an email — one model cannot learn both.
 */
export class InjectionDetector {
  constructor(
    private readonly message: SegmentScorer,
    private readonly document: { scorer: SegmentScorer; context: ContextWeights } | null,
  ) {}

  static fromState(message: DetectorState, document?: DetectorState, context?: ContextWeights): InjectionDetector {
    const documentDetector = document && context ? { scorer: SegmentScorer.fromState(document), context } : null;
    return new InjectionDetector(SegmentScorer.fromState(message), documentDetector);
  }

  inspect(text: string): DetectorVerdict {
    const messageScore = this.message.scoreSegments(text).score;
    const documentScore = this.document && isDocumentLike(text) ? this.documentScore(text, this.document) : 0;
    const score = Math.max(messageScore, documentScore);
    const rule = matchRules(text, INJECTION_RULES);
    if (rule) return { flagged: true, score, reason: { code: 'injection_rule', detail: rule.name } };
    if (messageScore >= this.message.threshold) {
      return { flagged: true, score, reason: { code: 'injection_model', detail: `score ${messageScore.toFixed(3)}` } };
    }
    if (this.document && documentScore >= this.document.context.threshold) {
      const detail = `embedded instruction score ${documentScore.toFixed(3)}`;
      return { flagged: true, score, reason: { code: 'injection_model', detail } };
    }
    return { flagged: false, score, reason: null };
  }

  private documentScore(text: string, document: { scorer: SegmentScorer; context: ContextWeights }): number {
    return scoreDocumentSegments(text, document.context, (segment) => document.scorer.scoreText(segment)).score;
  }
}
