import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { ConversationsModule, MessageLabelsModule } from '@app/conversations';
import { ConversationLabelsController } from './conversation-labels.controller';
import { ContactsController } from './contacts.controller';
import { ConversationMessagesController } from './conversation-messages.controller';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationsApiService } from './conversations-api.service';
import { ConversationsController } from './conversations.controller';

/** The CRM REST API: contacts, conversations, messages, handoff (API keys with the `integration` scope). */
@Module({
  imports: [ConversationsModule, AgentsModule, MessageLabelsModule],
  controllers: [
    ContactsController,
    ConversationsController,
    ConversationMessagesController,
    ConversationLabelsController,
  ],
  providers: [ConversationsApiService, ConversationMessagesService],
  exports: [ConversationMessagesService],
})
export class ConversationsApiModule {}
