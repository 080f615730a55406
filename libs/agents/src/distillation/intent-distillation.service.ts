import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/core';
import { LabelledText, TrainingDataError } from '../intents';
import { AgentsService } from '../agents/agents.service';
import { IntentModelsRepository, IntentModelVersion } from '../agents/intent-models.repository';
import { IntentTrainingProducer } from '../agents/intent-training.producer';
import {
  buildDistillationSet,
  DEFAULT_MIN_EXAMPLES_PER_LABEL,
  DistillationSet,
  TeacherExample,
} from './distillation-set';
import { IntentDistillationsRepository } from './intent-distillations.repository';
import { IntentLabelsRepository } from './intent-labels.repository';

export interface DistillationOptions {
  minExamplesPerLabel?: number;
}

export interface StartedDistillation {
  version: IntentModelVersion;
  set: Omit<DistillationSet, 'examples'>;
  /** The version the student is compared with (the active one), or null. */
  comparedVersion: number | null;
}

/**
 * Distillation: the agent's teacher labels (plus the active version's examples) become a new intent
 * model version, trained by the usual intent-training job and graded against held-out teacher labels.
 */
@Injectable()
export class IntentDistillationService {
  constructor(
    private readonly agents: AgentsService,
    private readonly labels: IntentLabelsRepository,
    private readonly models: IntentModelsRepository,
    private readonly distillations: IntentDistillationsRepository,
    private readonly producer: IntentTrainingProducer,
  ) {}

  async startDistillation(
    tenantId: string,
    agentId: string,
    options: DistillationOptions = {},
  ): Promise<StartedDistillation> {
    await this.agents.get(tenantId, agentId);
    const active = await this.models.findActive(tenantId, agentId);
    const originals = active ? ((await this.models.findTrainedExamples(tenantId, active.id)) ?? []) : [];
    const teacher = await this.labels.listExamples(tenantId, agentId);
    const set = readSet(teacher, originals, options.minExamplesPerLabel ?? DEFAULT_MIN_EXAMPLES_PER_LABEL);
    const version = await this.models.insertTraining(tenantId, agentId, set.examples);
    try {
      await this.distillations.insert(tenantId, {
        modelId: version.id,
        teacherExamples: set.teacherExamples,
        comparedModelId: active?.id ?? null,
        comparedVersion: active?.version ?? null,
      });
      await this.producer.enqueue({ tenantId, agentId, modelId: version.id });
    } catch (error) {
      // Without its plan or its job the version would say `training` forever.
      await this.models.markFailed(tenantId, version.id, `could not start distillation: ${(error as Error).message}`);
      throw error;
    }
    const { teacherExamples, originalExamples, teacherSources, skippedLabels } = set;
    return {
      version,
      set: { teacherExamples, originalExamples, teacherSources, skippedLabels },
      comparedVersion: active?.version ?? null,
    };
  }
}

function readSet(teacher: TeacherExample[], originals: LabelledText[], minExamplesPerLabel: number): DistillationSet {
  try {
    return buildDistillationSet(teacher, originals, minExamplesPerLabel);
  } catch (error) {
    if (error instanceof TrainingDataError) {
      throw new DomainError(ErrorCode.ValidationFailed, error.message, { code: error.code });
    }
    throw error;
  }
}
