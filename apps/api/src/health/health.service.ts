import { Inject, Injectable } from '@nestjs/common';
import { Database, DatabaseKind, QUEUE_DRIVER, QueueDriver, QueueKind } from '@app/core';
import { ModelRegistry, SlmHealth } from '@app/slm';

export interface DependencyState {
  kind: string;
  up: boolean;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: DependencyState & { kind: DatabaseKind };
  queue: DependencyState & { kind: QueueKind };
  /** Per role: spec, provider, whether loaded, load time and memory; `error` when a load failed. */
  models: SlmHealth;
  uptimeSeconds: number;
}

const PING_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    private readonly database: Database,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    private readonly models: ModelRegistry,
  ) {}

  async check(): Promise<HealthReport> {
    const [databaseUp, queueUp] = await Promise.all([
      withTimeout(this.database.ping()),
      withTimeout(this.queue.ping()),
    ]);
    const models = this.models.health();
    const modelsUp = Object.values(models).every((model) => !model.error);
    return {
      status: databaseUp && queueUp && modelsUp ? 'ok' : 'degraded',
      database: { kind: this.database.kind, up: databaseUp },
      queue: { kind: this.queue.kind, up: queueUp },
      models,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}

/** A hung dependency must not hang the health check that is supposed to report it. */
async function withTimeout(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)));
  try {
    return await Promise.race([check.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
