import type { ChatMessage } from '@app/slm';
import type { Entity } from '../entities/entity.types';
import type { ToolArguments } from '../tools/tool-arguments';

export type AnswerTier = 'slm' | 'escalation' | 'handoff' | 'refusal';
export type Route = 'knowledge' | 'tool' | 'handoff' | 'small_talk' | 'refuse';

export interface Citation {
  /** The [n] marker used in the answer text. */
  n: number;
  chunkId: string;
  documentId: string;
  title: string;
  headingPath: string[];
  start: number;
  end: number;
  sourceUrl: string | null;
}

export interface TraceStep {
  stage: string;
  decision: string;
  scores?: Record<string, number>;
  /** Grounding steps: which check ran, `lexical` (content words) or `nli` (an entailment model). */
  mode?: 'lexical' | 'nli';
  /**
   * Grounding steps: each sentence the generator wrote, in order, with its support (lexical: share of
   * content words found; nli: entailment probability) and whether it was kept.
   */
  sentenceSupport?: { support: number; supported: boolean }[];
  /**
   * Tool steps that failed: why, for the admin reading the trace (the refused address and the setting
   * that would allow it, the network error, the HTTP status). The visitor only gets a polite reply.
   */
  reason?: string;
  ms: number;
}

/** A mutating tool call waiting for the visitor's yes; the caller keeps it with the conversation. */
export interface PendingConfirmation {
  tool: string;
  args: ToolArguments;
}

export interface ConversationContext {
  tenantId: string;
  /** Earlier turns, already redacted, oldest first. */
  history?: ChatMessage[];
  /** Reference time for dates and business hours (default: now). */
  now?: Date;
  pendingConfirmation?: PendingConfirmation | null;
}

export interface PipelineResult {
  text: string;
  citations: Citation[];
  route: Route;
  tier: AnswerTier;
  handoff?: { reason: string; outOfHours?: boolean };
  /** Set when the reply asks the visitor to confirm a mutating tool call. */
  confirmation?: PendingConfirmation;
  intent: { name: string | null; confidence: number; outOfScope: boolean } | null;
  /**
   * Set when the small intent model was not confident and the escalation model decided the intent
   * instead: `label` is an intent of the active model or its out-of-scope label. Stored as a teacher
   * label (source `escalation`) for distillation.
   */
  intentTeacher?: { label: string; model: string };
  entities: Entity[];
  /** The visitor's message as models saw it (PII replaced by placeholders). */
  redactedText: string;
  trace: TraceStep[];
}

export interface PipelineRun {
  /** Reply tokens; ends when the reply is complete. */
  stream: AsyncIterable<string>;
  result: Promise<PipelineResult>;
}

export interface HandleMessageOptions {
  signal?: AbortSignal;
}
