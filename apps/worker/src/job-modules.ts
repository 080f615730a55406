import type { Type } from '@nestjs/common';
import { AgentsWorkerModule } from '@app/agents';
import { WebhooksWorkerModule } from '@app/conversations';
import { IngestionWorkerModule } from '@app/rag';

/**
 * Modules whose providers include job processors (`@QueueProcessor`). The worker runs them; the
 * embedded start runs them inside the api process. Later features add their modules here.
 */
export const WORKER_JOB_MODULES: Type[] = [IngestionWorkerModule, AgentsWorkerModule, WebhooksWorkerModule];
