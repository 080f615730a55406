import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { URL_SOURCES_CONFIG, UrlSourcesConfig } from './url-sources.config';
import { UrlSourcesProducer } from './url-sources.producer';
import { UrlSourcesRepository } from './url-sources.repository';

const SOURCES_PER_SWEEP = 500;

/**
 * Re-sync scheduling that works the same on BullMQ and on the in-process queue: every worker looks
 * for sources whose `next_sync_at` has passed and queues their sync. The job id is the source id plus
 * that due time, so any number of workers sweeping at once queue each due sync once. Also recovers a
 * sync whose worker died (its lease ran out) and syncs missed while nothing was running.
 */
@Injectable()
export class UrlSourcesSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('UrlSources');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly sources: UrlSourcesRepository,
    private readonly producer: UrlSourcesProducer,
    @Inject(URL_SOURCES_CONFIG) private readonly config: UrlSourcesConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.URL_SOURCES_SWEEP_MS === 0) return;
    this.timer = setInterval(() => void this.sweepSafely(), this.config.URL_SOURCES_SWEEP_MS);
    this.timer.unref();
    void this.sweepSafely();
  }

  /** Stops the timer and waits for a sweep in flight, while the queue and the database are still open. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Queues the sync of every due source; returns how many jobs were new. One sweep at a time. */
  sweep(): Promise<number> {
    this.running ??= this.queueDueSyncs().finally(() => (this.running = null));
    return this.running;
  }

  private async queueDueSyncs(): Promise<number> {
    let queued = 0;
    for (const source of await this.sources.findDue(SOURCES_PER_SWEEP)) {
      if ((await this.producer.enqueue(source)).created) queued++;
    }
    if (queued > 0) this.logger.log(`queued ${queued} due URL source sync(s)`);
    return queued;
  }

  private async sweepSafely(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.warn(`URL source sweep failed: ${(error as Error).message}`);
    }
  }
}
