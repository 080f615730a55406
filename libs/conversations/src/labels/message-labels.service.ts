import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { IntentLabel, IntentLabelsRepository, redactPii } from '@app/agents';
import { LabelledMessagesRepository } from './labelled-messages.repository';

/**
 * Teacher labels: a human agent (or the CRM) says which intent a visitor message really had. The text
 * is stored redacted, because these rows become training data. The escalation model's decisions are
 * stored with the bot reply (BotReplyRunner); a human label replaces one, never the other way round.
 */
@Injectable()
export class MessageLabelsService {
  constructor(
    private readonly messages: LabelledMessagesRepository,
    private readonly labels: IntentLabelsRepository,
  ) {}

  async labelVisitorMessage(
    tenantId: string,
    conversationId: string,
    messageId: string,
    label: string,
  ): Promise<IntentLabel> {
    const message = await this.messages.find(tenantId, conversationId, messageId);
    if (!message) {
      if (!(await this.messages.conversationExists(tenantId, conversationId))) {
        throw new NotFoundError('conversation', conversationId);
      }
      throw new NotFoundError('message', messageId);
    }
    if (message.role !== 'visitor') {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `Only visitor messages carry an intent; message ${messageId} is a ${message.role} message`,
      );
    }
    const stored = await this.labels.upsert({
      tenantId,
      agentId: message.agentId,
      conversationId,
      messageId,
      text: redactPii(message.text).redactedText,
      label,
      source: 'human',
    });
    // A human label always lands: only escalation labels give way.
    return stored!;
  }
}
