import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Conversation,
  ConversationState,
  ConversationsService,
  normaliseOrigin,
  WidgetSettings,
  WidgetSettingsService,
  WidgetTheme,
} from '@app/conversations';
import { DomainError, ErrorCode, RateLimiter, TokenSigner } from '@app/core';
import { REALTIME_CONFIG, RealtimeConfig } from './realtime.config';
import { parsePayload, widgetHandshakeSchema } from './socket-payloads';

/** A connected widget: who the visitor is and which conversation the connection is bound to. */
export interface VisitorSession {
  tenantId: string;
  visitorId: string;
  contactId: string;
  conversationId: string;
  state: ConversationState;
  theme: WidgetTheme;
  /** A fresh token (the expiry slides with every connection). */
  visitorToken: string;
  /** The replay starts after this seq: what the client says it has, never more than exists. */
  replayAfterSeq: number;
}

/** The claims of a visitor token: tenant, visitor and the one conversation the token resumes. */
interface VisitorClaims {
  tid: string;
  vid: string;
  cid: string;
}

/** Where a connection comes from, as the handshake tells it. */
export interface HandshakeOrigin {
  auth: unknown;
  /** The page's Origin header. */
  origin: string | undefined;
  /** The client's address, for the limit on new conversations. */
  address: string;
}

/**
 * Opens widget sessions: the site key names the tenant's widget, the page's origin must be one of its
 * allowed origins, and a visitor token either resumes its own conversation (and only that one) or is
 * refused; without one, a new visitor and conversation are created and a token issued.
 */
@Injectable()
export class WidgetSessions {
  constructor(
    private readonly widgets: WidgetSettingsService,
    private readonly conversations: ConversationsService,
    private readonly signer: TokenSigner,
    private readonly limiter: RateLimiter,
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
  ) {}

  async open({ auth, origin, address }: HandshakeOrigin): Promise<VisitorSession> {
    const handshake = parsePayload(widgetHandshakeSchema, auth);
    const settings = await this.settingsFor(handshake.siteKey);
    assertOriginAllowed(settings, origin);
    const { conversation, visitorId, resumed } = handshake.visitorToken
      ? { ...(await this.resume(settings, handshake.visitorToken)), resumed: true }
      : { ...(await this.start(settings, address)), resumed: false };
    const claims: VisitorClaims = { tid: settings.tenantId, vid: visitorId, cid: conversation.id };
    const { token } = this.signer.sign(claims, this.config.WIDGET_VISITOR_TOKEN_TTL_SECONDS, 'visitor');
    return {
      tenantId: settings.tenantId,
      visitorId,
      contactId: conversation.contactId,
      conversationId: conversation.id,
      state: conversation.state,
      theme: settings.theme,
      visitorToken: token,
      replayAfterSeq: resumed ? Math.min(handshake.lastSeq ?? 0, conversation.lastSeq) : 0,
    };
  }

  private async settingsFor(siteKey: string): Promise<WidgetSettings> {
    try {
      return await this.widgets.getBySiteKey(siteKey);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) {
        throw new DomainError(ErrorCode.NotFound, 'unknown site key');
      }
      throw error;
    }
  }

  private async resume(settings: WidgetSettings, token: string) {
    let claims: Partial<VisitorClaims>;
    try {
      claims = this.signer.verify<Partial<VisitorClaims>>(token, 'visitor');
    } catch (error) {
      if (error instanceof DomainError) throw new DomainError(error.code, `visitor ${error.message}`);
      throw error;
    }
    const { tid, vid, cid } = claims;
    if (typeof tid !== 'string' || typeof vid !== 'string' || typeof cid !== 'string') {
      throw new DomainError(ErrorCode.Unauthenticated, 'visitor token invalid');
    }
    if (tid !== settings.tenantId) {
      throw new DomainError(ErrorCode.Forbidden, 'visitor token was issued for another site');
    }
    return { conversation: await this.conversations.get(tid, cid), visitorId: vid };
  }

  private async start(
    settings: WidgetSettings,
    address: string,
  ): Promise<{ conversation: Conversation; visitorId: string }> {
    const { tenantId } = settings;
    const limit = this.config.RATE_LIMIT_WIDGET_NEW_VISITORS;
    await this.limiter.enforce(
      `widget-visitors:${tenantId}:${address}`,
      limit,
      60_000,
      'new conversations per address',
    );
    const visitorId = randomUUID();
    const contact = await this.conversations.upsertContact(tenantId, { visitorId });
    const conversation = await this.conversations.startConversation(tenantId, {
      agentId: settings.agentId,
      contactId: contact.id,
      channel: 'widget',
    });
    return { conversation, visitorId };
  }
}

function assertOriginAllowed(settings: WidgetSettings, origin: string | undefined): void {
  if (!origin) {
    throw new DomainError(ErrorCode.Forbidden, 'an Origin header is required: the widget only opens on allowed pages');
  }
  if (!settings.allowedOrigins.includes(parsedOrigin(origin))) {
    throw new DomainError(ErrorCode.Forbidden, `origin ${origin.slice(0, 200)} is not allowed for this site key`);
  }
}

/** `null` (sandboxed frames, file://) and garbage match no allowed origin. */
function parsedOrigin(origin: string): string {
  try {
    return normaliseOrigin(origin);
  } catch {
    return '';
  }
}
