import { Injectable } from '@nestjs/common';
import { IntentClassifier, LabelledText } from '../intents';
import { IntentModelsRepository } from '../agents/intent-models.repository';
import { IntentDistillationsRepository } from './intent-distillations.repository';
import { ComparedModel, StudentTrainingResult, trainStudent } from './student-trainer';

/** The distillation branch of the intent-training job: same queue, same versions, teacher-graded metrics. */
@Injectable()
export class StudentTrainingService {
  constructor(
    private readonly distillations: IntentDistillationsRepository,
    private readonly models: IntentModelsRepository,
  ) {}

  /** Null when the version was not distilled: the job then trains it like uploaded examples. */
  async trainIfDistilled(
    tenantId: string,
    modelId: string,
    examples: LabelledText[],
  ): Promise<StudentTrainingResult | null> {
    const plan = await this.distillations.find(tenantId, modelId);
    if (!plan) return null;
    return trainStudent(examples, plan.teacherExamples, await this.loadCompared(tenantId, plan));
  }

  /** The version active when distillation started; gone (deleted) means nothing to compare with. */
  private async loadCompared(
    tenantId: string,
    plan: { comparedModelId: string | null; comparedVersion: number | null },
  ): Promise<ComparedModel | null> {
    if (!plan.comparedModelId || plan.comparedVersion === null) return null;
    const weights = await this.models.findWeights(tenantId, plan.comparedModelId);
    return weights ? { version: plan.comparedVersion, classifier: IntentClassifier.fromJSON(weights) } : null;
  }
}
