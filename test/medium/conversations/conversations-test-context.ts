import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { AgentDefinition, AgentsService, AgentsWorkerModule, CreateAgentInput } from '@app/agents';
import { CoreModule, Database, loadCoreConfig, TenantsService } from '@app/core';
import {
  ConversationEvent,
  ConversationEvents,
  ConversationsModule,
  ConversationsService,
  CONVERSATIONS_CONFIG,
  loadConversationsConfig,
} from '@app/conversations';
import { CollectionsService, DocumentsService, ingestionJobId, IngestionWorkerModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { IngestionProcessor } from '../../../libs/rag/src/ingestion/ingestion.processor';
import { createTestDatabaseUrl } from '../../support/test-database';

export interface ConversationsTestContext {
  app: INestApplicationContext;
  service: ConversationsService;
  /** Every event published since boot, in order. */
  events: ConversationEvent[];
  newTenantId(): Promise<string>;
  /** A console user (users row) of the tenant, for take-overs with an assignee. */
  newUser(tenantId: string, name: string): Promise<string>;
  newCollection(tenantId: string, pages: { title: string; text: string }[]): Promise<string>;
  newAgent(tenantId: string, overrides?: Partial<CreateAgentInput['settings']>): Promise<AgentDefinition>;
  /** A contact and a conversation with `agentId` on the api channel. */
  newConversation(tenantId: string, agentId: string): Promise<string>;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** SLM_* variables (default: builtin models). */
  slmEnv?: NodeJS.ProcessEnv;
  /** CONVERSATION_* variables. */
  conversationEnv?: NodeJS.ProcessEnv;
}

/** ConversationsModule with the real agents pipeline and repositories on a fresh database. */
export async function createConversationsTestContext(options: ContextOptions = {}): Promise<ConversationsTestContext> {
  const database = await createTestDatabaseUrl();
  const config = {
    ...loadCoreConfig({ DATABASE_URL: database.url, DATA_DIR: 'memory://' }),
    LOG_LEVEL: 'silent' as const,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({ config, consumeJobs: false, migrate: true }),
      SlmModule.forRoot({ env: options.slmEnv ?? {} }),
      IngestionWorkerModule,
      AgentsWorkerModule,
      ConversationsModule,
    ],
  })
    .overrideProvider(CONVERSATIONS_CONFIG)
    .useValue(loadConversationsConfig(options.conversationEnv ?? {}))
    .compile();
  const app = await moduleRef.init();
  const events: ConversationEvent[] = [];
  app.get(ConversationEvents).subscribe((event) => events.push(event));
  const service = app.get(ConversationsService);
  let counter = 0;
  return {
    app,
    service,
    events,
    newTenantId: async () =>
      (await app.get(TenantsService).createWithAdminKey(`tenant-${++counter}`, 'test')).tenant.id,
    newUser: async (tenantId, name) => {
      const id = randomUUID();
      await app
        .get(Database)
        .pool.query(
          `INSERT INTO users (id, tenant_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, 'agent', 'x')`,
          [id, tenantId, `${id}@example.com`, name],
        );
      return id;
    },
    newCollection: async (tenantId, pages) => {
      const collectionId = (await app.get(CollectionsService).create(tenantId, `kb-${++counter}`)).id;
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
    newAgent: (tenantId, overrides = {}) =>
      app.get(AgentsService).create(tenantId, {
        name: 'Acme help desk',
        slug: `agent-${++counter}`,
        settings: agentSettings(overrides),
      }),
    newConversation: async (tenantId, agentId) => {
      const contact = await service.upsertContact(tenantId, { visitorId: `visitor-${++counter}` });
      return (await service.startConversation(tenantId, { agentId, contactId: contact.id, channel: 'api' })).id;
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

function agentSettings(overrides: Partial<CreateAgentInput['settings']>): CreateAgentInput['settings'] {
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
