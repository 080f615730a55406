import { GuardModelArtifact, loadDefaultGuardModel } from './guard-model';
import { GuardReason, GuardResult } from './guard.types';
import { InjectionDetector } from './injection-detector';
import { DEFAULT_MAX_MESSAGE_CHARS, validateMessageInput } from './input-validator';
import { redactPii } from './pii-redactor';
import { refusalFor } from './refusal-messages';
import { ToxicityDetector } from './toxicity-detector';

export interface MessageGuardOptions {
  /** Longer messages are blocked with reason `too_long` before any scan. */
  readonly maxChars: number;
  /** Trained detector weights; the shipped ones by default. */
  readonly model?: GuardModelArtifact;
}

export const DEFAULT_MESSAGE_GUARD_OPTIONS: MessageGuardOptions = { maxChars: DEFAULT_MAX_MESSAGE_CHARS };

/**
 * First step of the message pipeline. Order matters: bad input is refused before anything reads it;
 * PII is redacted before any detector (a model) sees the text; both detectors always run so the trace
 * carries both scores. Pure and synchronous: no I/O after construction.
 */
export class MessageGuard {
  private readonly injection: InjectionDetector;
  private readonly toxicity: ToxicityDetector;
  private readonly maxChars: number;

  constructor(options: Partial<MessageGuardOptions> = {}) {
    const model = options.model ?? loadDefaultGuardModel();
    this.injection = InjectionDetector.fromState(model.injection, model.embeddedInstruction, model.embeddedContext);
    this.toxicity = ToxicityDetector.fromState(model.toxicity);
    this.maxChars = options.maxChars ?? DEFAULT_MESSAGE_GUARD_OPTIONS.maxChars;
  }

  inspect(text: unknown): GuardResult {
    const started = performance.now();
    const inputProblem = validateMessageInput(text, this.maxChars);
    if (inputProblem) return this.rejected(inputProblem, started);
    const message = text as string;
    const redaction = redactPii(message);
    const injection = this.injection.inspect(redaction.redactedText);
    const toxicity = this.toxicity.inspect(redaction.redactedText);
    const reasons = [injection.reason, toxicity.reason].filter((r): r is GuardReason => r !== null);
    return {
      verdict: reasons.length > 0 ? 'block' : 'allow',
      reasons,
      redactedText: redaction.redactedText,
      piiVault: redaction.vault,
      pii: redaction.matches,
      scores: { injection: injection.score, toxicity: toxicity.score },
      refusal: reasons.length > 0 ? refusalFor(reasons[0].code) : null,
      ms: performance.now() - started,
    };
  }

  /** Unreadable input is never echoed back: the redacted text is empty and nothing is stored. */
  private rejected(reason: GuardReason, started: number): GuardResult {
    return {
      verdict: 'block',
      reasons: [reason],
      redactedText: '',
      piiVault: {},
      pii: [],
      scores: { injection: 0, toxicity: 0 },
      refusal: refusalFor(reason.code),
      ms: performance.now() - started,
    };
  }
}
