// Conversations: contacts, conversations, messages and the handoff state machine.
export * from './conversation.types';
export * from './events/conversation-events';
// The socket.io protocol of /widget and /console (types shared with the widget bundle).
export * from './protocol/socket-protocol';
export * from './protocol/public-views';
export { ConversationsModule } from './conversations.module';
export { ConversationsService } from './service/conversations.service';
export type { VisitorMessageResult } from './service/conversations.service';
export type { ReplyRun } from './replies/bot-reply.runner';
export { ReplyRegistry } from './replies/reply-registry';
export type { ContactInput } from './contacts/contacts.repository';
export type { ConversationListQuery, ConversationPage } from './conversations/conversations.repository';
export type { HandoffOptions } from './handoff/handoff.service';
export { transition, nextState } from './handoff/handoff-state-machine';
export type { TransitionLimits, TransitionResult } from './handoff/handoff-state-machine';
export { handoffSystemMessage } from './handoff/handoff-messages';
export { CONVERSATIONS_CONFIG, loadConversationsConfig } from './config/conversations-config';
export type { ConversationsConfig } from './config/conversations-config';
export { WidgetSettingsService, DEFAULT_WIDGET_THEME, normaliseOrigin } from './widget/widget-settings.service';
export type { WidgetSettingsUpdate } from './widget/widget-settings.service';
export type { WidgetSettings } from './widget/widget-settings.repository';
export { isUuid } from './service/conversation-inputs';
// Webhooks: subscriptions, signed deliveries with retries and backoff, the delivery log.
export * from './webhooks';
// Teacher labels: the intent a human decided for a visitor message, for distillation.
export { MessageLabelsModule } from './labels/message-labels.module';
export { MessageLabelsService } from './labels/message-labels.service';
