import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { IntentModelVersion, IntentTrainingService } from '@app/agents';
import { TrainIntentsDto, trainIntentsSchema, uuidSchema, versionSchema } from './agents.dto';
import { ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';

@ApiTags('agents')
@ApiKeyAuth()
@Controller('v1/agents/:id/intents')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class AgentIntentsController {
  constructor(private readonly training: IntentTrainingService) {}

  /** 202: the version is stored as `training` and a worker job trains it. */
  @Post('train')
  @HttpCode(202)
  @ApiZodBody(trainIntentsSchema, 'JSON examples, or a text,label CSV sent as text/csv')
  async train(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
    @Body(new ZodValidationPipe(trainIntentsSchema)) body: TrainIntentsDto,
  ) {
    return toVersionView(await this.training.startTraining(auth.tenantId, id, body));
  }

  @Get('versions')
  async versions(@Auth() auth: AuthContext, @Param('id', new ZodValidationPipe(uuidSchema)) id: string) {
    return { data: (await this.training.listVersions(auth.tenantId, id)).map(toVersionView) };
  }

  @Post('versions/:version/activate')
  @HttpCode(200)
  async activate(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
    @Param('version', new ZodValidationPipe(versionSchema)) version: number,
  ) {
    return toVersionView(await this.training.activate(auth.tenantId, id, version));
  }
}

function toVersionView(model: IntentModelVersion) {
  return {
    id: model.id,
    agentId: model.agentId,
    version: model.version,
    status: model.status,
    active: model.active,
    exampleCount: model.exampleCount,
    metrics: model.metrics,
    error: model.error,
    createdAt: new Date(model.createdAt).toISOString(),
    trainedAt: model.trainedAt ? new Date(model.trainedAt).toISOString() : null,
  };
}
