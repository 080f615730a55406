import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AgentDefinition, AgentsService, AgentsWorkerModule, CreateAgentInput } from '@app/agents';
import {
  ConversationEvent,
  ConversationEvents,
  ConversationsModule,
  ConversationsService,
  CONVERSATIONS_CONFIG,
  loadConversationsConfig,
} from '@app/conversations';
import { IngestionWorkerModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { newIngestedCollection, startModuleContext, TextPage } from '../../support/module-test-context';
import { testAgentSettings } from '../agents/agents-test-context';

export interface ConversationsTestContext {
  app: INestApplicationContext;
  service: ConversationsService;
  /** Every event published since boot, in order. */
  events: ConversationEvent[];
  newTenantId(): Promise<string>;
  /** A console user (users row) of the tenant, for take-overs with an assignee. */
  newUser(tenantId: string, name: string): Promise<string>;
  newCollection(tenantId: string, pages: TextPage[]): Promise<string>;
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
  const { app, database, newTenantId, close } = await startModuleContext({
    imports: [
      SlmModule.forRoot({ env: options.slmEnv ?? {} }),
      IngestionWorkerModule,
      AgentsWorkerModule,
      ConversationsModule,
    ],
    overrides: [{ provide: CONVERSATIONS_CONFIG, useValue: loadConversationsConfig(options.conversationEnv ?? {}) }],
  });
  const events: ConversationEvent[] = [];
  app.get(ConversationEvents).subscribe((event) => events.push(event));
  const service = app.get(ConversationsService);
  // One counter for every generated name, so no two tenants, collections, slugs or visitors collide.
  let counter = 0;
  return {
    app,
    service,
    events,
    newTenantId: () => newTenantId(`tenant-${++counter}`),
    newUser: async (tenantId, name) => {
      const id = randomUUID();
      await database.pool.query(
        `INSERT INTO users (id, tenant_id, email, name, role, password_hash) VALUES ($1, $2, $3, $4, 'agent', 'x')`,
        [id, tenantId, `${id}@example.com`, name],
      );
      return id;
    },
    newCollection: (tenantId, pages) => newIngestedCollection(app, tenantId, `kb-${++counter}`, pages),
    newAgent: (tenantId, overrides = {}) =>
      app.get(AgentsService).create(tenantId, {
        name: 'Acme help desk',
        slug: `agent-${++counter}`,
        settings: testAgentSettings(overrides),
      }),
    newConversation: async (tenantId, agentId) => {
      const contact = await service.upsertContact(tenantId, { visitorId: `visitor-${++counter}` });
      return (await service.startConversation(tenantId, { agentId, contactId: contact.id, channel: 'api' })).id;
    },
    close,
  };
}
