import { Controller, Get, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentsService } from '@app/agents';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes } from '@app/core';
import { ApiKeyAuth } from '../openapi/api-docs.decorators';
import { OpenAiErrorFilter } from './openai-error.filter';

/** OpenAI's model list: the tenant's agents by slug, for tools that offer a model picker. */
@ApiTags('openai')
@ApiKeyAuth()
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
@UseFilters(OpenAiErrorFilter)
@RequireScopes('integration', 'agent')
export class ModelsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({ summary: "OpenAI-compatible model list: one model per agent, its id the agent's slug" })
  async list(@Auth() auth: AuthContext) {
    const agents = await this.agents.list(auth.tenantId);
    return {
      object: 'list' as const,
      data: agents.map((agent) => ({
        id: agent.slug,
        object: 'model' as const,
        created: Math.floor(new Date(agent.createdAt).getTime() / 1000),
        owned_by: 'seed',
      })),
    };
  }
}
