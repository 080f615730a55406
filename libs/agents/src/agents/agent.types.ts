import type { TenantEntityConfig } from '../entities/entity.types';
import type { SealedSecret } from '../secrets/secret-box';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What the agent does with a message its intent model calls out of scope. */
export const OUT_OF_SCOPE_ROUTES = ['answer', 'handoff', 'refuse'] as const;
export type OutOfScopeRoute = (typeof OUT_OF_SCOPE_ROUTES)[number];

export interface AgentThresholds {
  /** Best vector similarity (cosine, 0..1) among the retrieved passages below which the SLM does not answer. */
  minRetrievalScore: number;
  /** Grounded-answer confidence (0..1) below which the answer goes up the cascade. */
  minAnswerConfidence: number;
  /** Share of a sentence's content words its cited passages must contain for it to count as supported. */
  minSentenceSupport: number;
  /**
   * Intent confidence (0..1) below which, like an out-of-scope prediction, the escalation model (when
   * configured and allowed) decides the intent instead of the small model. Unset: the default.
   */
  minIntentConfidence?: number;
  /**
   * How long (ms) the visitor waits for the escalation model to pick the intent before the small model's
   * guess stands. Per agent, like `escalation`: a chat widget wants it short, an email channel can wait.
   * Unset (agents stored before it existed): the default.
   */
  intentTeacherTimeoutMs?: number;
}

export interface BusinessHours {
  /** IANA zone, e.g. Europe/Paris. */
  timeZone: string;
  /** 0 = Sunday ... 6 = Saturday. */
  days: number[];
  /** HH:MM, local time; `close` is exclusive. */
  open: string;
  close: string;
}

export interface HandoffRules {
  /** Intents that always go to a human. */
  intents: string[];
  /** Said instead of the usual handoff message when a handoff happens outside `hours`. */
  outOfHoursMessage: string | null;
  hours: BusinessHours | null;
}

export interface GuardPolicy {
  /** Off only for trusted back-office channels; PII is still redacted before any model sees the text. */
  blockInjection: boolean;
  blockToxicity: boolean;
  maxChars: number;
}

/** A declarative HTTP call the agent may make; `{name}` placeholders in `url` come from the arguments. */
export interface ToolDefinition<H = string> {
  name: string;
  description: string;
  /** The intent that selects this tool. */
  intent: string;
  method: HttpMethod;
  url: string;
  /** Header values are secrets: sealed at rest, never returned by the API. */
  headers: Record<string, H>;
  /** JSON schema (object) the arguments must satisfy before the call. */
  parameters: Record<string, unknown>;
  /** Argument name → entity type that fills it (default: the entity type equal to the argument name). */
  argumentEntities: Record<string, string>;
  /** Changes something for the visitor: asks for confirmation first. */
  mutating: boolean;
  timeoutMs: number;
  /** Reply with `{field.path}` placeholders filled from the JSON response; null: a generic summary. */
  replyTemplate: string | null;
}

export type StoredTool = ToolDefinition<SealedSecret>;

export interface AgentSettings<H = SealedSecret> {
  persona: string;
  instructions: string;
  collectionIds: string[];
  guard: GuardPolicy;
  outOfScope: OutOfScopeRoute;
  thresholds: AgentThresholds;
  /** Use the escalation model (when configured) before handing off. */
  escalation: boolean;
  handoff: HandoffRules;
  languages: string[];
  tools: ToolDefinition<H>[];
  entities: TenantEntityConfig;
  /** Passages retrieved per question. */
  topK: number;
}

export interface AgentDefinition {
  id: string;
  tenantId: string;
  name: string;
  slug: string;
  settings: AgentSettings;
  /** The intent model version the pipeline uses; null until one is trained and activated. */
  activeIntentModel: { id: string; version: number } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Input of create/update: header values in plain text, to be sealed by the service. */
export interface AgentInput {
  name: string;
  slug: string;
  settings: AgentSettings<string>;
}

/** See AgentThresholds.minIntentConfidence; how it was chosen is in the README ("Distillation"). */
export const DEFAULT_MIN_INTENT_CONFIDENCE = 0.5;

/** See AgentThresholds.intentTeacherTimeoutMs: 3 s, what the teacher was given before it was a setting. */
export const DEFAULT_INTENT_TEACHER_TIMEOUT_MS = 3_000;
/**
 * Bounds of intentTeacherTimeoutMs. Below 100 ms no served model can answer, so escalation would be on in
 * name only (turn `escalation` off instead); above 30 s the visitor has given up, and the transport's
 * own SLM_OPENAI_TIMEOUT_MS (default 60 s) stays the longer of the two.
 */
export const INTENT_TEACHER_TIMEOUT_BOUNDS_MS = { min: 100, max: 30_000 } as const;

export const DEFAULT_THRESHOLDS: AgentThresholds = {
  minRetrievalScore: 0.05,
  minAnswerConfidence: 0.5,
  minSentenceSupport: 0.5,
  minIntentConfidence: DEFAULT_MIN_INTENT_CONFIDENCE,
  intentTeacherTimeoutMs: DEFAULT_INTENT_TEACHER_TIMEOUT_MS,
};

export const DEFAULT_GUARD_POLICY: GuardPolicy = { blockInjection: true, blockToxicity: true, maxChars: 4000 };
