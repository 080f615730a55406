import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { EMBEDDER, Embedder } from '@app/slm';
import {
  assertTrainable,
  DEFAULT_INTENT_TRAINING_OPTIONS,
  intentEmbedderOf,
  LabelledText,
  parseLabelledCsv,
  TrainingDataError,
} from '../intents';
import { AgentsService } from './agents.service';
import { IntentModelsRepository, IntentModelVersion } from './intent-models.repository';
import { IntentTrainingProducer } from './intent-training.producer';

/** JSON examples, or the text of a `text,label` CSV file. */
export type TrainingInput = { examples: LabelledText[]; oosExamples?: { text: string }[] } | string;

/** Versions of an agent's intent model: training is queued, activation switches the pipeline's model. */
@Injectable()
export class IntentTrainingService {
  constructor(
    private readonly agents: AgentsService,
    private readonly models: IntentModelsRepository,
    private readonly producer: IntentTrainingProducer,
    /** SLM_EMBEDDER: a version trained on another embedder's vectors cannot classify here. */
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  /** Bad data is refused here, before anything is stored, with the trainer's own message. */
  async startTraining(tenantId: string, agentId: string, input: TrainingInput): Promise<IntentModelVersion> {
    await this.agents.get(tenantId, agentId);
    const examples = readExamples(input);
    const version = await this.models.insertTraining(tenantId, agentId, examples);
    try {
      await this.producer.enqueue({ tenantId, agentId, modelId: version.id });
    } catch (error) {
      // Without its job the version would say `training` forever.
      await this.models.markFailed(tenantId, version.id, `could not queue training: ${(error as Error).message}`);
      throw error;
    }
    return version;
  }

  async listVersions(tenantId: string, agentId: string): Promise<IntentModelVersion[]> {
    await this.agents.get(tenantId, agentId);
    return this.models.listVersions(tenantId, agentId);
  }

  async activate(tenantId: string, agentId: string, version: number): Promise<IntentModelVersion> {
    await this.agents.get(tenantId, agentId);
    const found = await this.models.findVersion(tenantId, agentId, version);
    if (!found) throw new NotFoundError('intent model version', String(version));
    if (found.status === 'ready') await this.refuseOtherEmbedder(tenantId, found);
    if (found.status !== 'ready' || !(await this.models.activate(tenantId, agentId, version))) {
      throw new DomainError(ErrorCode.Conflict, `Intent model version ${version} is ${found.status}, not ready`);
    }
    return { ...found, active: true };
  }

  /**
   * The pipeline would skip such a version at every message (trace `model_needs_other_embedder`), so it
   * is refused here and the active version stays. A version without embeddings (n-grams only) fits any.
   */
  private async refuseOtherEmbedder(tenantId: string, found: IntentModelVersion): Promise<void> {
    const needed = (await this.models.findWeights(tenantId, found.id))?.classifier.embedder;
    if (!needed || intentEmbedderOf(this.embedder)?.id === needed.id) return;
    throw new DomainError(
      ErrorCode.Conflict,
      `Intent model version ${found.version} was trained with embeddings from ${needed.id}, but the configured ` +
        `embedder (SLM_EMBEDDER) is ${this.embedder.id}; train a new version with it`,
      { versionEmbedder: needed.id, configuredEmbedder: this.embedder.id },
    );
  }
}

function readExamples(input: TrainingInput): LabelledText[] {
  const oosLabel = DEFAULT_INTENT_TRAINING_OPTIONS.oosLabel;
  try {
    const examples =
      typeof input === 'string'
        ? parseLabelledCsv(input)
        : [...input.examples, ...(input.oosExamples ?? []).map(({ text }) => ({ text, label: oosLabel }))];
    assertTrainable(examples.filter((example) => example.label !== oosLabel));
    return examples;
  } catch (error) {
    if (error instanceof TrainingDataError) {
      throw new DomainError(ErrorCode.ValidationFailed, error.message, { code: error.code, row: error.row });
    }
    throw error;
  }
}
