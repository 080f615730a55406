import { Body, Controller, Get, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { ConversationsService } from '@app/conversations';
import { ApiErrors, ApiKeyAuth, ApiZodBody, ApiZodQuery } from '../openapi/api-docs.decorators';
import { ConversationsApiService } from './conversations-api.service';
import {
  IdParams,
  idParamsSchema,
  ListConversationsDto,
  listConversationsSchema,
  StartConversationDto,
  startConversationSchema,
  toConversationView,
} from './conversations.dto';

@ApiTags('conversations')
@ApiKeyAuth()
@Controller('v1/conversations')
@UseGuards(ApiKeyGuard)
@RequireScopes('integration')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly api: ConversationsApiService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Start a conversation',
    description:
      'With an agent (agentId or agentSlug) and a contact (contactId, or contact identities to upsert). ' +
      'channel: api (default) or openai; widget conversations are started by the widget.',
  })
  @ApiZodBody(startConversationSchema)
  @ApiErrors(400, 404)
  start(@Auth() auth: AuthContext, @Body(new ZodValidationPipe(startConversationSchema)) body: StartConversationDto) {
    return this.api.start(auth.tenantId, body);
  }

  @Get()
  @ApiOperation({ summary: 'List conversations, most recently active first; follow nextCursor for more' })
  @ApiZodQuery(listConversationsSchema)
  @ApiErrors(400)
  async list(
    @Auth() auth: AuthContext,
    @Query(new ZodValidationPipe(listConversationsSchema)) query: ListConversationsDto,
  ) {
    const page = await this.conversations.list(auth.tenantId, query);
    return { data: page.data.map(toConversationView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiErrors(400, 404)
  async get(@Auth() auth: AuthContext, @Param(new ZodValidationPipe(idParamsSchema)) { id }: IdParams) {
    return toConversationView(await this.conversations.get(auth.tenantId, id));
  }

  @Get(':id/transcript')
  @ApiOperation({
    summary: 'Export: the conversation, its contact and every message (citations; trace on bot messages)',
  })
  @ApiErrors(400, 404)
  transcript(@Auth() auth: AuthContext, @Param(new ZodValidationPipe(idParamsSchema)) { id }: IdParams) {
    return this.api.transcript(auth.tenantId, id);
  }

  @Get(':id/context-pack')
  @ApiOperation({ summary: 'What a human needs at takeover: summary, intent, entities, sources, last bot answer' })
  @ApiErrors(400, 404)
  contextPack(@Auth() auth: AuthContext, @Param(new ZodValidationPipe(idParamsSchema)) { id }: IdParams) {
    return this.conversations.contextPack(auth.tenantId, id);
  }
}
