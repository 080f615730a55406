import { PiiMatch } from './pii-redactor';

export type GuardVerdict = 'allow' | 'block';

/** Why a message was blocked. Input problems come first: such a message is never scored by a model. */
export type GuardReasonCode =
  | 'empty'
  | 'too_long'
  | 'binary'
  | 'invalid_unicode'
  | 'not_text'
  | 'injection_rule'
  | 'injection_model'
  | 'toxicity_rule'
  | 'toxicity_model';

export interface GuardReason {
  readonly code: GuardReasonCode;
  /** Human-readable detail for the trace: the rule's name or the model score, never the message text. */
  readonly detail: string;
}

export interface GuardScores {
  /** Highest injection probability over the message's segments (0 when the input was rejected). */
  readonly injection: number;
  readonly toxicity: number;
}

export interface GuardResult {
  readonly verdict: GuardVerdict;
  readonly reasons: GuardReason[];
  /** The message with PII replaced by placeholders: the only form a model, a log or an index may see. */
  readonly redactedText: string;
  /** placeholder → original value, for tools only. */
  readonly piiVault: Record<string, string>;
  readonly pii: PiiMatch[];
  readonly scores: GuardScores;
  /** What to tell the visitor when the message is blocked; null when it is allowed. */
  readonly refusal: string | null;
  readonly ms: number;
}
