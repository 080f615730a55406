import { Logger } from '@nestjs/common';
import { messageOf, SlmModelLoadError } from '../slm.errors';
import { ModelHealth, ProviderName } from '../slm.types';
import { ModelBackend } from '../providers/provider.types';

/**
 * Loads a backend once, however many callers arrive before it is ready, and remembers how long that took
 * and roughly how much memory it took, for `/health`. A failed load is not cached: the next call retries.
 */
export class ModelLifecycle {
  private loading?: Promise<void>;
  private loaded = false;
  private loadMs?: number;
  private rssBytes?: number;
  private lastError?: string;
  private readonly logger = new Logger('SlmRuntime');

  constructor(
    readonly spec: string,
    readonly provider: ProviderName,
    private readonly backend: ModelBackend,
  ) {}

  ensureLoaded(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.loadOnce().finally(() => (this.loading = undefined));
    return this.loading;
  }

  health(): ModelHealth {
    const health: ModelHealth = { spec: this.spec, provider: this.provider, loaded: this.loaded };
    if (this.loadMs !== undefined) health.loadMs = this.loadMs;
    if (this.rssBytes !== undefined) health.rssBytes = this.rssBytes;
    if (this.lastError !== undefined) health.error = this.lastError;
    return health;
  }

  async dispose(): Promise<void> {
    if (!this.loaded) return;
    this.loaded = false;
    await this.backend.dispose();
  }

  private async loadOnce(): Promise<void> {
    const started = performance.now();
    const rssBefore = process.memoryUsage().rss;
    try {
      await this.backend.load();
    } catch (error) {
      this.lastError = messageOf(error);
      throw new SlmModelLoadError(this.spec, error);
    }
    this.loadMs = Math.round(performance.now() - started);
    this.rssBytes = Math.max(0, process.memoryUsage().rss - rssBefore);
    this.lastError = undefined;
    this.loaded = true;
    if (this.provider !== 'builtin') this.logger.log(`loaded ${this.spec} in ${this.loadMs} ms`);
  }
}
