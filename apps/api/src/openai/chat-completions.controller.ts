import { Body, Controller, Headers, HttpCode, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { eventStream } from '../conversations/server-sent-events';
import { ChatCompletionDto, chatCompletionSchema } from './chat-completions.dto';
import { ChatCompletionsService } from './chat-completions.service';
import { OpenAiErrorFilter } from './openai-error.filter';

export const CONVERSATION_HEADER = 'x-seed-conversation-id';

/** The OpenAI chat completions API, so any OpenAI SDK or tool can talk to an agent. */
@ApiTags('openai')
@ApiKeyAuth()
@Controller('v1/chat/completions')
@UseGuards(ApiKeyGuard)
@UseFilters(OpenAiErrorFilter)
@RequireScopes('integration', 'agent')
export class ChatCompletionsController {
  constructor(private readonly completions: ChatCompletionsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'OpenAI-compatible chat completion: model = agent slug',
    description:
      'Runs the agent on the last user message and answers with a chat.completion (or chat.completion.chunk ' +
      'events and [DONE] with stream: true), plus `citations` and `seed` { conversationId, state, tier, route, ' +
      'handoff }. The call continues the conversation named by x-seed-conversation-id or seed_conversation_id, ' +
      'else the latest open one of `user` (the contact externalId) with this agent, else starts one. Errors carry ' +
      "the usual fields plus OpenAI's `error` object. Closing the connection cancels the reply.",
  })
  @ApiHeader({ name: CONVERSATION_HEADER, required: false, description: 'the conversation to continue' })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiZodBody(chatCompletionSchema)
  @ApiErrors(400, 404, 409)
  async create(
    @Auth() auth: AuthContext,
    @Body(new ZodValidationPipe(chatCompletionSchema)) body: ChatCompletionDto,
    @Headers(CONVERSATION_HEADER) conversationHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const run = await this.completions.start(auth, body, conversationHeader, abortOnDisconnect(reply));
    // Also in a header, for clients and proxies that drop unknown body fields.
    void reply.header(CONVERSATION_HEADER, run.posted.message.conversationId);
    if (!body.stream) return this.completions.complete(auth.tenantId, run);
    return eventStream(reply, this.completions.chunks(auth.tenantId, run));
  }
}

/** Aborted when the client goes away before the response is complete (like OpenAI, a closed stream stops generation). */
function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort('client_disconnected');
  });
  return controller.signal;
}
