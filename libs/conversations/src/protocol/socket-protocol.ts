/**
 * The socket.io protocol of the two gateways. The widget bundle and the tests import these types, so
 * a change here is a change of the public protocol: keep it backwards compatible.
 *
 * Every client → server event takes an acknowledgement callback that receives `Ack<T>`: errors are
 * answered there, with the same codes as the REST API, never by dropping the connection (except a
 * failed handshake, which is refused with `connect_error` carrying `{ code, message }` in `data`).
 */
import type { Citation } from '@app/agents';
import type { ConversationState, MessageRole } from '../conversation.types';

export interface SocketError {
  code: string;
  message: string;
  /** Facts about some errors, as in the REST error body: RateLimited carries `retryAfterSeconds`. */
  details?: Record<string, unknown>;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: SocketError };

/** A message as clients see it (no trace, no tenant id). */
export interface PublicMessage {
  id: string;
  conversationId: string;
  seq: number;
  role: MessageRole;
  text: string;
  citations: Citation[];
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------- /widget

/** `io(url + '/widget', { auth })`; the page's Origin must be one of the tenant's allowed origins. */
export interface WidgetHandshake {
  /** The tenant's public site key (not a secret: it only lets a page open a chat). */
  siteKey: string;
  /** From an earlier `session` event: resumes that visitor's conversation. Forged or expired: refused. */
  visitorToken?: string;
  /** Highest `seq` the client has shown; the server sends every message after it, in order, once. */
  lastSeq?: number;
}

export interface WidgetTheme {
  title: string;
  color: string;
  greeting: string;
}

/** Server → client right after connecting, before any replayed `message`. */
export interface WidgetSession {
  visitorToken: string;
  conversationId: string;
  state: ConversationState;
  theme: WidgetTheme;
}

export interface WidgetServerEvents {
  session: (session: WidgetSession) => void;
  /**
   * A stored message (the visitor's own included, so other tabs stay in sync). A bot message's `id`
   * is the `replyId` its tokens carried: it replaces that streamed bubble.
   */
  message: (message: PublicMessage) => void;
  /** A token of the bot reply being written. */
  'reply.token': (event: { replyId: string; token: string }) => void;
  /** The reply `replyId` is abandoned (a human took over); its tokens must be removed. */
  'reply.cancelled': (event: { replyId: string; reason: string }) => void;
  state: (event: { state: ConversationState; reason: string }) => void;
  typing: (event: { role: 'bot' | 'human' }) => void;
}

export interface WidgetClientEvents {
  /** Stores the message first (acknowledged with its seq), then the reply arrives as events. */
  message: (payload: { text: string }, ack: (result: Ack<{ message: PublicMessage }>) => void) => void;
  typing: (payload: Record<string, never>) => void;
  request_human: (payload: Record<string, never>, ack: (result: Ack<{ state: ConversationState }>) => void) => void;
}

// --------------------------------------------------------------------------------------------- /console

/** `io(url + '/console', { auth: { token } })` with the JWT from `POST /v1/auth/login`. */
export interface ConsoleHandshake {
  token: string;
}

export interface ConsoleConversation {
  id: string;
  agentId: string;
  contactId: string;
  channel: string;
  state: ConversationState;
  assigneeId: string | null;
  intent: string | null;
  lastSeq: number;
  updatedAt: string;
}

/** What a human gets at takeover: enough to answer without reading the whole transcript. */
export interface ContextPack {
  summary: string;
  intent: string | null;
  entities: { type: string; value: string }[];
  sources: Citation[];
  lastBotAnswer: string | null;
  transcript: PublicMessage[];
}

export interface DocumentProgress {
  collectionId: string;
  documentId: string;
  status: string;
  progress: number;
  chunkCount?: number;
  error?: string | null;
}

export interface ConsoleServerEvents {
  /** Any conversation of the tenant was created or changed state (everyone on the tenant gets it). */
  'conversation.updated': (conversation: ConsoleConversation) => void;
  /** Messages and streamed tokens of subscribed conversations. */
  message: (message: PublicMessage) => void;
  'reply.token': (event: { conversationId: string; replyId: string; token: string }) => void;
  'reply.cancelled': (event: { conversationId: string; replyId: string; reason: string }) => void;
  typing: (event: { conversationId: string; role: 'visitor' | 'bot' | 'human' }) => void;
  'document.progress': (event: DocumentProgress) => void;
}

type ConversationRef = { conversationId: string };

export interface ConsoleClientEvents {
  'conversations.list': (
    payload: { state?: ConversationState },
    ack: (result: Ack<{ conversations: ConsoleConversation[] }>) => void,
  ) => void;
  subscribe: (
    payload: ConversationRef,
    ack: (result: Ack<{ conversation: ConsoleConversation; messages: PublicMessage[] }>) => void,
  ) => void;
  unsubscribe: (payload: ConversationRef, ack: (result: Ack<object>) => void) => void;
  take_over: (
    payload: ConversationRef,
    ack: (result: Ack<{ conversation: ConsoleConversation; contextPack: ContextPack }>) => void,
  ) => void;
  reply: (payload: ConversationRef & { text: string }, ack: (result: Ack<{ message: PublicMessage }>) => void) => void;
  hand_back: (payload: ConversationRef, ack: (result: Ack<{ conversation: ConsoleConversation }>) => void) => void;
  resolve: (payload: ConversationRef, ack: (result: Ack<{ conversation: ConsoleConversation }>) => void) => void;
  typing: (payload: ConversationRef) => void;
}
