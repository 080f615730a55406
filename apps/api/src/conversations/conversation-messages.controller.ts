import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { ConversationsService } from '@app/conversations';
import { ApiErrors, ApiKeyAuth, ApiZodBody, ApiZodQuery } from '../openapi/api-docs.decorators';
import { ConversationMessagesService } from './conversation-messages.service';
import {
  HandoffDto,
  handoffSchema,
  IdParams,
  idParamsSchema,
  PostMessageDto,
  postMessageSchema,
  StreamQueryDto,
  streamQuerySchema,
  toConversationView,
} from './conversations.dto';
import { eventStream, wantsEventStream } from './server-sent-events';

@ApiTags('conversations')
@ApiKeyAuth()
@Controller('v1/conversations/:id')
@UseGuards(ApiKeyGuard)
@RequireScopes('integration')
export class ConversationMessagesController {
  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly conversations: ConversationsService,
  ) {}

  @Post('messages')
  @ApiOperation({
    summary: 'Post a message as the contact (runs the agent) or as a human agent',
    description:
      'as: contact stores the message, runs the agent and answers with { message, reply, conversation } once the ' +
      'reply is stored (reply is null while a human has the conversation). With ?stream=true or ' +
      'Accept: text/event-stream the answer is an event stream: `message`, then `token` per reply token, then ' +
      '`done` with the same body. as: human takes the conversation over first when the bot has it.',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiZodBody(postMessageSchema)
  @ApiZodQuery(streamQuerySchema)
  @ApiErrors(400, 404, 409)
  async post(
    @Auth() auth: AuthContext,
    @Param(new ZodValidationPipe(idParamsSchema)) { id }: IdParams,
    @Body(new ZodValidationPipe(postMessageSchema)) body: PostMessageDto,
    @Query(new ZodValidationPipe(streamQuerySchema)) query: StreamQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (body.as === 'human') return this.messages.postAsHuman(auth, id, body.text, body.authorName);
    if (!wantsEventStream(query.stream, accept)) return this.messages.postAsContact(auth.tenantId, id, body.text);
    return eventStream(reply, await this.messages.streamAsContact(auth.tenantId, id, body.text));
  }

  @Post('handoff')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the conversation through the handoff state machine',
    description:
      'bot → pending_human (request_human) → human (take_over) → resolved (resolve); human → bot (hand_back); ' +
      'resolved → bot (reopen). A transition the state machine does not allow is a 409 that says why.',
  })
  @ApiZodBody(handoffSchema)
  @ApiErrors(400, 404, 409)
  async handoff(
    @Auth() auth: AuthContext,
    @Param(new ZodValidationPipe(idParamsSchema)) { id }: IdParams,
    @Body(new ZodValidationPipe(handoffSchema)) body: HandoffDto,
  ) {
    const actor = { kind: 'api_key' as const, id: auth.keyId, name: body.authorName ?? null };
    const options = body.reason ? { reason: body.reason } : {};
    return toConversationView(await this.conversations.applyAction(auth.tenantId, id, body.action, actor, options));
  }
}
