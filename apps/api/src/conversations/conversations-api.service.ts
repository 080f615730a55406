import { Injectable } from '@nestjs/common';
import { AgentsService } from '@app/agents';
import { ConversationsService } from '@app/conversations';
import { StartConversationDto, toContactView, toConversationView, toMessageView } from './conversations.dto';

/** What the REST API adds on top of ConversationsService: lookups by slug or identity, and the export. */
@Injectable()
export class ConversationsApiService {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly agents: AgentsService,
  ) {}

  /** The agent by id or slug, the contact by id or upserted by identity, then a new conversation. */
  async start(tenantId: string, body: StartConversationDto) {
    const agentId = body.agentId ?? (await this.agents.getBySlug(tenantId, body.agentSlug!)).id;
    const contactId = body.contactId ?? (await this.conversations.upsertContact(tenantId, body.contact!)).id;
    const conversation = await this.conversations.startConversation(tenantId, {
      agentId,
      contactId,
      channel: body.channel,
    });
    return toConversationView(conversation);
  }

  /** The whole conversation as JSON: messages in order, with citations, and bot messages with their trace. */
  async transcript(tenantId: string, conversationId: string) {
    const conversation = await this.conversations.get(tenantId, conversationId);
    const [contact, messages] = await Promise.all([
      this.conversations.getContact(tenantId, conversation.contactId),
      this.conversations.transcript(tenantId, conversationId),
    ]);
    return {
      conversation: toConversationView(conversation),
      contact: toContactView(contact),
      messages: messages.map(toMessageView),
    };
  }
}
