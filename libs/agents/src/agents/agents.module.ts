import { Module } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '@app/core';
import { RagModule } from '@app/rag';
import { AgentPipeline } from '../pipeline/agent-pipeline.service';
import { GuardStage } from '../pipeline/guard-stage';
import { IntentModelCache } from '../pipeline/intent-model.cache';
import { KnowledgeAnswerer } from '../pipeline/knowledge-answerer';
import { ToolStage } from '../pipeline/tool-stage';
import { SecretBox } from '../secrets/secret-box';
import { loadSecretKey } from '../secrets/secret-key.config';
import { SECRET_BOX } from '../secrets/secrets.tokens';
import { HttpToolRunner } from '../tools/http-tool.runner';
import { IntentDistillationService } from '../distillation/intent-distillation.service';
import { IntentDistillationsRepository } from '../distillation/intent-distillations.repository';
import { IntentLabelsRepository } from '../distillation/intent-labels.repository';
import { StudentTrainingService } from '../distillation/student-training.service';
import { AgentsRepository } from './agents.repository';
import { AgentsService } from './agents.service';
import { IntentModelsRepository } from './intent-models.repository';
import { IntentTrainingProducer } from './intent-training.producer';
import { IntentTrainingService } from './intent-training.service';

/**
 * Agents: definitions, intent model versions and the message pipeline. Needs the core modules and
 * `SlmModule.forRoot()` in the root module. The training processor lives in `AgentsWorkerModule`.
 */
@Module({
  imports: [RagModule],
  providers: [
    {
      provide: SECRET_BOX,
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => new SecretBox(loadSecretKey(config)),
    },
    AgentsRepository,
    IntentModelsRepository,
    AgentsService,
    IntentTrainingProducer,
    IntentTrainingService,
    IntentLabelsRepository,
    IntentDistillationsRepository,
    IntentDistillationService,
    StudentTrainingService,
    HttpToolRunner,
    GuardStage,
    IntentModelCache,
    KnowledgeAnswerer,
    ToolStage,
    AgentPipeline,
  ],
  exports: [
    SECRET_BOX,
    AgentsRepository,
    IntentModelsRepository,
    AgentsService,
    IntentTrainingService,
    IntentLabelsRepository,
    IntentDistillationService,
    StudentTrainingService,
    HttpToolRunner,
    AgentPipeline,
  ],
})
export class AgentsModule {}
