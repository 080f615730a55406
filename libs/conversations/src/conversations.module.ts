import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { CONVERSATIONS_CONFIG, loadConversationsConfig } from './config/conversations-config';
import { ContactsRepository } from './contacts/contacts.repository';
import { ConversationsRepository } from './conversations/conversations.repository';
import { ConversationEvents } from './events/conversation-events';
import { HandoffService } from './handoff/handoff.service';
import { ConversationLog } from './messages/conversation-log';
import { MessagesRepository } from './messages/messages.repository';
import { BotReplyRunner } from './replies/bot-reply.runner';
import { ReplyRegistry } from './replies/reply-registry';
import { ConversationsService } from './service/conversations.service';
import { WidgetSettingsRepository } from './widget/widget-settings.repository';
import { WidgetSettingsService } from './widget/widget-settings.service';

/**
 * Contacts, conversations, messages, handoff and the bot replies. Needs the core modules and
 * `SlmModule.forRoot()` in the root module (through AgentsModule). Import it wherever it is needed:
 * Nest builds it once, so `ConversationEvents` is one bus per process.
 */
@Module({
  imports: [AgentsModule],
  providers: [
    { provide: CONVERSATIONS_CONFIG, useFactory: () => loadConversationsConfig() },
    ConversationEvents,
    ContactsRepository,
    ConversationsRepository,
    MessagesRepository,
    WidgetSettingsRepository,
    ConversationLog,
    ReplyRegistry,
    HandoffService,
    BotReplyRunner,
    ConversationsService,
    WidgetSettingsService,
  ],
  exports: [CONVERSATIONS_CONFIG, ConversationEvents, ConversationsService, ReplyRegistry, WidgetSettingsService],
})
export class ConversationsModule {}
