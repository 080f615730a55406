import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { AgentsService } from '@app/agents';
import {
  CreateAgentDto,
  createAgentSchema,
  toAgentInput,
  toAgentView,
  UpdateAgentDto,
  updateAgentSchema,
  uuidSchema,
} from './agents.dto';
import { ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';

@ApiTags('agents')
@ApiKeyAuth()
@Controller('v1/agents')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  /** Integrations may read agents (to find a slug or id), never change them. */
  @Get()
  @RequireScopes('admin', 'integration')
  async list(@Auth() auth: AuthContext) {
    return { data: (await this.agents.list(auth.tenantId)).map(toAgentView) };
  }

  @Post()
  @ApiZodBody(createAgentSchema)
  async create(@Auth() auth: AuthContext, @Body(new ZodValidationPipe(createAgentSchema)) body: CreateAgentDto) {
    const { settings } = toAgentInput(body);
    const input = { name: body.name, slug: body.slug, settings: settings as Omit<CreateAgentDto, 'name' | 'slug'> };
    return toAgentView(await this.agents.create(auth.tenantId, input));
  }

  @Get(':id')
  @RequireScopes('admin', 'integration')
  async get(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string) {
    return toAgentView(await this.agents.get(auth.tenantId, id));
  }

  @Patch(':id')
  @ApiZodBody(updateAgentSchema)
  async update(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
    @Body(new ZodValidationPipe(updateAgentSchema)) body: UpdateAgentDto,
  ) {
    return toAgentView(await this.agents.update(auth.tenantId, id, toAgentInput(body)));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string): Promise<void> {
    await this.agents.delete(auth.tenantId, id);
  }
}
