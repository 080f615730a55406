import { Inject, Injectable, Logger } from '@nestjs/common';
import { EMBEDDER, Embedder } from '@app/slm';
import { IntentModelsRepository } from '../agents/intent-models.repository';
import { IntentClassifier, intentEmbedderOf } from '../intents';

const MAX_CACHED = 200;

/**
 * The active classifier of an agent. Which version is active is read per message (one indexed row),
 * so an activation or rollback takes effect at once; the weights of a version never change, so they
 * are parsed once and kept.
 */
@Injectable()
export class IntentModelCache {
  private readonly logger = new Logger('IntentModelCache');
  private readonly classifiers = new Map<string, IntentClassifier>();

  constructor(
    private readonly models: IntentModelsRepository,
    /** SLM_EMBEDDER: a model trained with sentence embeddings embeds each message with it. */
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  async activeClassifier(tenantId: string, agentId: string): Promise<IntentClassifier | null> {
    const active = await this.models.findActive(tenantId, agentId);
    if (!active) return null;
    const cached = this.classifiers.get(active.id);
    if (cached) return cached;
    const weights = await this.models.findWeights(tenantId, active.id);
    if (!weights) return null;
    const classifier = IntentClassifier.fromJSON(weights);
    // A model trained on another embedder's vectors is cached all the same: `embedderProblem()` tells the
    // pipeline to skip it (logged once per version here) until a version trained with this embedder is active.
    const problem = classifier.bindEmbedder(intentEmbedderOf(this.embedder)).embedderProblem();
    if (problem) this.logger.warn(`intent model ${active.id}: ${problem}`);
    if (this.classifiers.size >= MAX_CACHED) this.classifiers.delete(this.classifiers.keys().next().value!);
    this.classifiers.set(active.id, classifier);
    return classifier;
  }
}
