import { Injectable } from '@nestjs/common';
import { IntentModelsRepository } from '../agents/intent-models.repository';
import { IntentClassifier } from '../intents';

const MAX_CACHED = 200;

/**
 * The active classifier of an agent. Which version is active is read per message (one indexed row),
 * so an activation or rollback takes effect at once; the weights of a version never change, so they
 * are parsed once and kept.
 */
@Injectable()
export class IntentModelCache {
  private readonly classifiers = new Map<string, IntentClassifier>();

  constructor(private readonly models: IntentModelsRepository) {}

  async activeClassifier(tenantId: string, agentId: string): Promise<IntentClassifier | null> {
    const active = await this.models.findActive(tenantId, agentId);
    if (!active) return null;
    const cached = this.classifiers.get(active.id);
    if (cached) return cached;
    const weights = await this.models.findWeights(tenantId, active.id);
    if (!weights) return null;
    const classifier = IntentClassifier.fromJSON(weights);
    if (this.classifiers.size >= MAX_CACHED) this.classifiers.delete(this.classifiers.keys().next().value!);
    this.classifiers.set(active.id, classifier);
    return classifier;
  }
}
