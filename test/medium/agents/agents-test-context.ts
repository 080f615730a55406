import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { CoreModule, loadCoreConfig, TenantsService } from '@app/core';
import { AgentsService, AgentsWorkerModule, CreateAgentInput, IntentTrainingService, TrainingInput } from '@app/agents';
import { CollectionsService, DocumentsService, ingestionJobId, IngestionWorkerModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { IngestionProcessor } from '../../../libs/rag/src/ingestion/ingestion.processor';
import { IntentTrainingProcessor } from '../../../libs/agents/src/agents/intent-training.processor';
import { createTestDatabaseUrl } from '../../support/test-database';

export interface AgentsTestContext {
  app: INestApplicationContext;
  newTenantId(): Promise<string>;
  /** A collection holding `pages`, ingested synchronously. */
  newCollection(tenantId: string, pages: { title: string; text: string }[]): Promise<string>;
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
  const database = await createTestDatabaseUrl();
  const config = {
    ...loadCoreConfig({ DATABASE_URL: database.url, DATA_DIR: 'memory://' }),
    LOG_LEVEL: 'silent' as const,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({ config, consumeJobs: false, migrate: true }),
      SlmModule.forRoot({ env: { SLM_ESCALATION: 'builtin:extractive' } }),
      IngestionWorkerModule,
      AgentsWorkerModule,
    ],
  }).compile();
  const app = await moduleRef.init();
  let tenants = 0;
  return {
    app,
    newTenantId: async () =>
      (await app.get(TenantsService).createWithAdminKey(`tenant-${++tenants}`, 'test')).tenant.id,
    newCollection: async (tenantId, pages) => {
      const collectionId = (await app.get(CollectionsService).create(tenantId, `kb-${Date.now()}`)).id;
      for (const page of pages) {
        const source = {
          title: page.title,
          sourceKind: 'text' as const,
          sourceKey: `text:${page.title}`,
          mediaType: 'text/markdown',
          bytes: Buffer.from(page.text),
        };
        const [{ document }] = await app.get(DocumentsService).upload(tenantId, collectionId, [source]);
        const data = { tenantId, documentId: document.id, contentHash: document.contentHash };
        await app
          .get(IngestionProcessor)
          .handle({ id: ingestionJobId(data), queue: 'ingestion', name: 'ingest', data, attemptsMade: 0 });
      }
      return collectionId;
    },
    train: async (tenantId, agentId, input) => {
      const version = await app.get(IntentTrainingService).startTraining(tenantId, agentId, input);
      const data = { tenantId, agentId, modelId: version.id };
      await app
        .get(IntentTrainingProcessor)
        .handle({ id: `intent-${version.id}`, queue: 'intent-training', name: 'train', data, attemptsMade: 0 });
      return version.version;
    },
    settings: (overrides = {}) => ({
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
    }),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export const createAgent = (
  ctx: AgentsTestContext,
  tenantId: string,
  slug: string,
  settings: CreateAgentInput['settings'],
) => ctx.app.get(AgentsService).create(tenantId, { name: `Agent ${slug}`, slug, settings });
