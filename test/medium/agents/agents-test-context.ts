import type { INestApplicationContext } from '@nestjs/common';
import { AgentsService, AgentsWorkerModule, CreateAgentInput, IntentTrainingService, TrainingInput } from '@app/agents';
import { IngestionWorkerModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { IntentTrainingProcessor } from '../../../libs/agents/src/agents/intent-training.processor';
import { newIngestedCollection, startModuleContext, TextPage } from '../../support/module-test-context';

export interface AgentsTestContext {
  app: INestApplicationContext;
  newTenantId(): Promise<string>;
  /** A collection holding `pages`, ingested synchronously. */
  newCollection(tenantId: string, pages: TextPage[]): Promise<string>;
  /** Stores a version and runs its training job here, returning the version number. */
  train(tenantId: string, agentId: string, input: TrainingInput): Promise<number>;
  settings(overrides?: Partial<CreateAgentInput['settings']>): CreateAgentInput['settings'];
  close(): Promise<void>;
}

/**
 * The agents services with real repositories and the builtin models on a fresh database. Jobs are
 * not consumed: tests run the processors themselves, so each step is deterministic. An escalation
 * model (the builtin extractive one) is configured so the cascade can be observed.
 */
export async function createAgentsTestContext(): Promise<AgentsTestContext> {
  const { app, newTenantId, close } = await startModuleContext({
    imports: [
      SlmModule.forRoot({ env: { SLM_ESCALATION: 'builtin:extractive' } }),
      IngestionWorkerModule,
      AgentsWorkerModule,
    ],
  });
  return {
    app,
    newTenantId: () => newTenantId(),
    newCollection: (tenantId, pages) => newIngestedCollection(app, tenantId, `kb-${Date.now()}`, pages),
    train: async (tenantId, agentId, input) => {
      const version = await app.get(IntentTrainingService).startTraining(tenantId, agentId, input);
      const data = { tenantId, agentId, modelId: version.id };
      await app
        .get(IntentTrainingProcessor)
        .handle({ id: `intent-${version.id}`, queue: 'intent-training', name: 'train', data, attemptsMade: 0 });
      return version.version;
    },
    settings: testAgentSettings,
    close,
  };
}

/** Settings of a plain answering agent: builtin thresholds, no collections, tools or escalation. */
export function testAgentSettings(overrides: Partial<CreateAgentInput['settings']> = {}): CreateAgentInput['settings'] {
  return {
    persona: 'You are the Acme help desk.',
    instructions: '',
    collectionIds: [],
    guard: { blockInjection: true, blockToxicity: true, maxChars: 4000 },
    outOfScope: 'answer',
    thresholds: { minRetrievalScore: 0.05, minAnswerConfidence: 0.5, minSentenceSupport: 0.5 },
    escalation: false,
    handoff: { intents: [], outOfHoursMessage: null, hours: null },
    languages: ['en'],
    tools: [],
    entities: {},
    topK: 5,
    ...overrides,
  };
}

export const createAgent = (
  ctx: AgentsTestContext,
  tenantId: string,
  slug: string,
  settings: CreateAgentInput['settings'],
) => ctx.app.get(AgentsService).create(tenantId, { name: `Agent ${slug}`, slug, settings });
