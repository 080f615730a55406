import { Injectable } from '@nestjs/common';
import { EmbeddingTable, IntentClassifier, LabelledText, SentenceEmbedder } from '../intents';
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

  /**
   * Null when the version was not distilled: the job then trains it like uploaded examples. `embedder`:
   * the intent embedder (see intentEmbedderOf), whose vectors become extra features; null for none.
   */
  async trainIfDistilled(
    tenantId: string,
    modelId: string,
    examples: LabelledText[],
    embedder: SentenceEmbedder | null = null,
  ): Promise<StudentTrainingResult | null> {
    const plan = await this.distillations.find(tenantId, modelId);
    if (!plan) return null;
    const started = performance.now();
    const embeddings = embedder
      ? await EmbeddingTable.build(
          embedder,
          examples.map((e) => e.text),
        )
      : null;
    const compared = await this.loadCompared(tenantId, plan);
    const result = trainStudent(examples, plan.teacherExamples, compared, undefined, embeddings);
    result.classifier.bindEmbedder(embedder);
    return { ...result, seconds: (performance.now() - started) / 1000 };
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
