import type { Citation, PendingConfirmation, TraceStep } from '@app/agents';

/** Where a conversation came from; fixes which client may post as the visitor. */
export const CHANNELS = ['widget', 'api', 'openai'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The handoff state machine (see `handoff/handoff-state-machine.ts`):
 * bot → pending_human → human → resolved, human → bot when the agent hands back.
 */
export const CONVERSATION_STATES = ['bot', 'pending_human', 'human', 'resolved'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** Explicit actions that move the state; nothing is inferred from model output. */
export const HANDOFF_ACTIONS = ['request_human', 'take_over', 'hand_back', 'resolve', 'reopen'] as const;
export type HandoffAction = (typeof HANDOFF_ACTIONS)[number];

export const MESSAGE_ROLES = ['visitor', 'bot', 'human', 'system'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** A person the tenant talks to, upserted by an external CRM id, an email or a widget visitor id. */
export interface Contact {
  id: string;
  tenantId: string;
  externalId: string | null;
  email: string | null;
  visitorId: string | null;
  name: string | null;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface Conversation {
  id: string;
  tenantId: string;
  agentId: string;
  contactId: string;
  channel: Channel;
  state: ConversationState;
  /** The human agent (users.id) handling it in `human` state. */
  assigneeId: string | null;
  /** Last intent the pipeline decided. */
  intent: string | null;
  /** How many times the conversation went bot → pending_human (loop protection). */
  handoffCount: number;
  lastSeq: number;
  /** A mutating tool call the bot asked the visitor to confirm; the next visitor message answers it. */
  pendingConfirmation: PendingConfirmation | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

/** Who did something: a visitor, the bot, a console user or an API key. */
export interface Actor {
  kind: 'visitor' | 'bot' | 'user' | 'api_key' | 'system';
  id: string | null;
  /** Shown to the visitor in system messages ("You're now chatting with Ada"); optional. */
  name?: string | null;
}

export interface Message {
  id: string;
  tenantId: string;
  conversationId: string;
  /** 1, 2, 3... per conversation, without gaps; clients resume from the last one they saw. */
  seq: number;
  role: MessageRole;
  /** What the visitor or agent wrote (PII is redacted only where models, logs and indexes see it). */
  text: string;
  citations: Citation[];
  /** Pipeline trace for bot replies; null otherwise. */
  trace: TraceStep[] | null;
  /** Who wrote a `human` message (users.id). */
  authorId: string | null;
  createdAt: string;
}
