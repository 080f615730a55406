/** Shortest gap between two progress events of one document: the console's bar moves at most 4 times a second. */
export const PROGRESS_EVENT_INTERVAL_MS = 250;
/** Shortest gap between two progress writes to the document's row, for whoever polls the API instead. */
export const PROGRESS_WRITE_INTERVAL_MS = 2_000;

export interface ProgressSink {
  /** Publishes an event for the console; cheap. */
  publish(progress: number): Promise<void>;
  /** Writes the progress to the document's row; one database commit. */
  write(progress: number): Promise<void>;
}

/**
 * Throttles one job's progress reports. Writing and publishing every embedding batch cost 18 % of the
 * job time of small documents, whose whole ingestion takes a few dozen milliseconds; now a report goes
 * out only when its interval has passed, so a small document publishes its start and its end, and a big
 * one still moves on the console. Progress only ever rises.
 */
export class ProgressThrottle {
  private published = 0;
  private publishedAt = -Infinity;
  private writtenAt = -Infinity;

  constructor(
    private readonly sink: ProgressSink,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The job wrote its start along with claiming the document; this publishes it and starts the clocks. */
  async started(progress: number): Promise<void> {
    this.published = progress;
    this.publishedAt = this.writtenAt = this.now();
    await this.sink.publish(progress);
  }

  async report(progress: number): Promise<void> {
    if (progress <= this.published) return;
    const now = this.now();
    if (now - this.publishedAt < PROGRESS_EVENT_INTERVAL_MS) return;
    this.published = progress;
    this.publishedAt = now;
    if (now - this.writtenAt >= PROGRESS_WRITE_INTERVAL_MS) {
      this.writtenAt = now;
      await this.sink.write(progress);
    }
    await this.sink.publish(progress);
  }
}
