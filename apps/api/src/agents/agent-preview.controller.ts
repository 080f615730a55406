import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { AgentPreviewService } from './agent-preview.service';
import { PreviewMessageDto, previewMessageSchema, uuidSchema } from './agents.dto';
import { ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';

/** Lets an admin try an agent: one message through the full pipeline, the reply with its trace. */
@ApiTags('agents')
@ApiKeyAuth()
@Controller('v1/agents/:id/preview')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class AgentPreviewController {
  constructor(private readonly preview: AgentPreviewService) {}

  @Post()
  @HttpCode(200)
  @ApiZodBody(previewMessageSchema)
  run(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
    @Body(new ZodValidationPipe(previewMessageSchema)) body: PreviewMessageDto,
  ) {
    return this.preview.run(auth.tenantId, id, body);
  }
}
