import { Inject, Logger } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig, JobProcessor, QueueJob, QueueProcessor } from '@app/core';
import { EMBEDDER, Embedder } from '@app/slm';
import { TrainingDataError, intentEmbedderOf, trainIntentClassifierWithEmbedder } from '../intents';
import { StudentTrainingService } from '../distillation/student-training.service';
import { IntentModelsRepository } from './intent-models.repository';
import { INTENT_TRAINING_QUEUE, IntentTrainingJobData } from './intent-training.producer';

/**
 * Trains the examples stored with a version and stores the weights with their held-out metrics.
 * Data problems fail the version at once (retrying cannot fix them); other errors are retried and
 * the last try marks the version failed.
 */
@QueueProcessor(INTENT_TRAINING_QUEUE)
export class IntentTrainingProcessor implements JobProcessor<IntentTrainingJobData> {
  private readonly logger = new Logger('IntentTraining');

  constructor(
    private readonly models: IntentModelsRepository,
    private readonly students: StudentTrainingService,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    /** SLM_EMBEDDER; its vectors become extra intent features only when it is a transformers model. */
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  async handle(job: QueueJob<IntentTrainingJobData>): Promise<void> {
    const { tenantId, modelId } = job.data;
    const examples = await this.models.findExamples(tenantId, modelId);
    if (!examples) return;
    try {
      // A distilled version is graded against held-out teacher labels; see libs/agents/src/distillation.
      const embedder = intentEmbedderOf(this.embedder);
      const { classifier, metrics, seconds } =
        (await this.students.trainIfDistilled(tenantId, modelId, examples, embedder)) ??
        (await trainIntentClassifierWithEmbedder(examples, embedder));
      await this.models.markReady(tenantId, modelId, classifier.toJSON(), metrics);
      this.logger.log(`intent model ${modelId}: trained on ${examples.length} examples in ${seconds.toFixed(2)} s`);
    } catch (error) {
      if (error instanceof TrainingDataError) return this.models.markFailed(tenantId, modelId, error.message);
      if (job.attemptsMade + 1 >= this.config.QUEUE_ATTEMPTS) {
        await this.models.markFailed(tenantId, modelId, `training failed: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}
