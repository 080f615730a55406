import type { INestApplicationContext } from '@nestjs/common';
import { QUEUE_DRIVER, QueueDriver } from '@app/core';
import {
  WEBHOOK_DELIVERY_QUEUE,
  WebhookDeliveriesRepository,
  WebhookDeliveryProcessor,
  WebhookEventType,
  WebhooksService,
  WebhooksWorkerModule,
} from '@app/conversations';
import { SlmModule } from '@app/slm';
import { startModuleContext } from '../../support/module-test-context';

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
  // The webhook config is read from process.env while the module boots.
  const saved = { ...process.env };
  Object.assign(process.env, TEST_WEBHOOK_ENV);
  const { app, newTenantId, close } = await startModuleContext({
    imports: [SlmModule.forRoot(), WebhooksWorkerModule],
  }).finally(() => restoreEnv(saved));
  const webhooks = app.get(WebhooksService);
  return {
    app,
    webhooks,
    deliveries: app.get(WebhookDeliveriesRepository),
    queue: app.get<QueueDriver>(QUEUE_DRIVER),
    newTenantId: () => newTenantId(),
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
    close,
  };
}

function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(TEST_WEBHOOK_ENV)) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
}
