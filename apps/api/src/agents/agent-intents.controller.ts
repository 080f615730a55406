import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { z } from 'zod';
import { IntentDistillationService, IntentModelVersion, IntentTrainingService } from '@app/agents';
import { TrainIntentsDto, trainIntentsSchema, uuidSchema, versionSchema } from './agents.dto';
import { ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';

/** Labels with fewer teacher examples are skipped; 3 is the least that leaves one held out per label. */
const distillSchema = z
  .object({
    minExamplesPerLabel: z
      .number({ message: 'expected a whole number from 3 to 1000' })
      .int('expected a whole number from 3 to 1000')
      .min(3, 'expected a whole number from 3 to 1000')
      .max(1000, 'expected a whole number from 3 to 1000')
      .optional(),
  })
  .strict()
  .default({});
type DistillDto = z.infer<typeof distillSchema>;

@ApiTags('agents')
@ApiKeyAuth()
@Controller('v1/agents/:id/intents')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class AgentIntentsController {
  constructor(
    private readonly training: IntentTrainingService,
    private readonly distillation: IntentDistillationService,
  ) {}

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

  /**
   * 202: a student version trained by the same job from the agent's teacher labels (POST
   * /v1/conversations/:id/messages/:messageId/intent) plus the active version's examples. Its metrics
   * carry `teacherAgreement` and the active version's `activeModelAgreement` on the same held-out labels.
   */
  @Post('distill')
  @HttpCode(202)
  @ApiZodBody(distillSchema, 'minExamplesPerLabel (default 5): labels with fewer teacher examples are skipped')
  async distill(
    @Auth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
    @Body(new ZodValidationPipe(distillSchema)) body: DistillDto,
  ) {
    const started = await this.distillation.startDistillation(auth.tenantId, id, body);
    return {
      ...toVersionView(started.version),
      distillation: { ...started.set, comparedVersion: started.comparedVersion },
    };
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
