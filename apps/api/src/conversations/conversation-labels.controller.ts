import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import type { IntentLabel } from '@app/agents';
import { MessageLabelsService } from '@app/conversations';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { uuidSchema } from './conversations.dto';

const messageParamsSchema = z.object({ id: uuidSchema, messageId: uuidSchema });
type MessageParams = z.infer<typeof messageParamsSchema>;

const intentLabelSchema = z
  .object({
    label: z
      .string({ message: 'expected a string' })
      .trim()
      .min(1, 'expected an intent name')
      .max(100, 'expected at most 100 characters'),
  })
  .strict();
type IntentLabelDto = z.infer<typeof intentLabelSchema>;

@ApiTags('conversations')
@ApiKeyAuth()
@Controller('v1/conversations/:id/messages/:messageId/intent')
@UseGuards(ApiKeyGuard)
@RequireScopes('integration')
export class ConversationLabelsController {
  constructor(private readonly labels: MessageLabelsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Label a visitor message with the intent a human decided (teacher label for distillation)',
    description:
      'Stores the label with the message text, PII replaced by placeholders. Labelling a message again ' +
      'replaces its label. Only visitor messages can be labelled. POST /v1/agents/:id/intents/distill trains on them.',
  })
  @ApiZodBody(intentLabelSchema)
  @ApiErrors(400, 404)
  async label(
    @Auth() auth: AuthContext,
    @Param(new ZodValidationPipe(messageParamsSchema)) { id, messageId }: MessageParams,
    @Body(new ZodValidationPipe(intentLabelSchema)) body: IntentLabelDto,
  ) {
    return toLabelView(await this.labels.labelVisitorMessage(auth.tenantId, id, messageId, body.label));
  }
}

function toLabelView(label: IntentLabel) {
  return {
    id: label.id,
    agentId: label.agentId,
    conversationId: label.conversationId,
    messageId: label.messageId,
    text: label.text,
    label: label.label,
    source: label.source,
    createdAt: new Date(label.createdAt).toISOString(),
    updatedAt: new Date(label.updatedAt).toISOString(),
  };
}
