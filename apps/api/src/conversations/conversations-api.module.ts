import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { ConversationsModule } from '@app/conversations';
import { ContactsController } from './contacts.controller';
import { ConversationMessagesController } from './conversation-messages.controller';
import { ConversationMessagesService } from './conversation-messages.service';
import { ConversationsApiService } from './conversations-api.service';
import { ConversationsController } from './conversations.controller';

/** The CRM REST API: contacts, conversations, messages, handoff (API keys with the `integration` scope). */
@Module({
  imports: [ConversationsModule, AgentsModule],
  controllers: [ContactsController, ConversationsController, ConversationMessagesController],
  providers: [ConversationsApiService, ConversationMessagesService],
  exports: [ConversationMessagesService],
})
export class ConversationsApiModule {}
