import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { CoreModule, loadCoreConfig, QUEUE_DRIVER, QueueDriver, TenantsService } from '@app/core';
import {
  WEBHOOK_DELIVERY_QUEUE,
  WebhookDeliveriesRepository,
  WebhookDeliveryProcessor,
  WebhookEventType,
  WebhooksService,
  WebhooksWorkerModule,
} from '@app/conversations';
import { SlmModule } from '@app/slm';
import { createTestDatabaseUrl } from '../../support/test-database';

/** Small, so a test reaches `dead` in a few tries and never waits long for an unresponsive receiver. */
export const TEST_WEBHOOK_ENV = { WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_BASE_MS: '10', WEBHOOK_TIMEOUT_MS: '500' };

export interface WebhooksTestContext {
  app: INestApplicationContext;
  webhooks: WebhooksService;
  deliveries: WebhookDeliveriesRepository;
  queue: QueueDriver;
  newTenantId(): Promise<string>;
  subscribe(tenantId: string, url: string, events: WebhookEventType[]): Promise<{ id: string; secret: string }>;
  /** Runs one try of a delivery here, as the queue would on its `attemptsMade`-th retry. */
  runTry(tenantId: string, deliveryId: string, attemptsMade: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The webhook services with real repositories on a fresh database and the in-process queue. Jobs are
 * not consumed: tests run the processor themselves, so each try is deterministic.
 */
export async function createWebhooksTestContext(): Promise<WebhooksTestContext> {
  const database = await createTestDatabaseUrl();
  const config = {
    ...loadCoreConfig({ DATABASE_URL: database.url, DATA_DIR: 'memory://' }),
    LOG_LEVEL: 'silent' as const,
  };
  const saved = { ...process.env };
  Object.assign(process.env, TEST_WEBHOOK_ENV);
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({ config, consumeJobs: false, migrate: true }),
      SlmModule.forRoot(),
      WebhooksWorkerModule,
    ],
  })
    .compile()
    .finally(() => restoreEnv(saved));
  const app = await moduleRef.init();
  const webhooks = app.get(WebhooksService);
  let tenants = 0;
  return {
    app,
    webhooks,
    deliveries: app.get(WebhookDeliveriesRepository),
    queue: app.get<QueueDriver>(QUEUE_DRIVER),
    newTenantId: async () =>
      (await app.get(TenantsService).createWithAdminKey(`tenant-${++tenants}`, 'test')).tenant.id,
    subscribe: async (tenantId, url, events) => {
      const { webhook, secret } = await webhooks.create(tenantId, { url, events });
      return { id: webhook.id, secret };
    },
    runTry: (tenantId, deliveryId, attemptsMade) =>
      app.get(WebhookDeliveryProcessor).handle({
        id: deliveryId,
        queue: WEBHOOK_DELIVERY_QUEUE,
        name: 'deliver',
        data: { tenantId, deliveryId, retryBaseMs: 10 },
        attemptsMade,
      }),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(TEST_WEBHOOK_ENV)) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
}
