import { PROGRESS_EVENT_INTERVAL_MS, PROGRESS_WRITE_INTERVAL_MS, ProgressThrottle } from './ingestion-progress';

/** A throttle on a hand-moved clock, recording what reached each side. */
function throttled() {
  let clock = 0;
  const published: number[] = [];
  const written: number[] = [];
  const throttle = new ProgressThrottle(
    {
      publish: async (progress) => void published.push(progress),
      write: async (progress) => void written.push(progress),
    },
    () => clock,
  );
  return { throttle, published, written, advance: (ms: number) => (clock += ms) };
}

describe('ProgressThrottle', () => {
  it('publishes the start at once, which the job wrote itself', async () => {
    const { throttle, published, written } = throttled();
    await throttle.started(1);
    expect(published).toEqual([1]);
    expect(written).toEqual([]);
  });

  it('drops reports that come sooner than the event interval (a small document shows only its start)', async () => {
    const { throttle, published, written, advance } = throttled();
    await throttle.started(1);
    for (const progress of [10, 50, 95]) {
      advance(PROGRESS_EVENT_INTERVAL_MS / 4);
      await throttle.report(progress);
    }
    expect(published).toEqual([1]);
    expect(written).toEqual([]);
  });

  it('publishes every event interval and writes every write interval, rising only', async () => {
    const { throttle, published, written, advance } = throttled();
    await throttle.started(1);
    const reports = [10, 20, 20, 15, 30, 40, 50, 60, 70, 80, 90, 95];
    for (const progress of reports) {
      advance(PROGRESS_EVENT_INTERVAL_MS);
      await throttle.report(progress);
    }
    expect(published).toEqual([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    const eventsPerWrite = PROGRESS_WRITE_INTERVAL_MS / PROGRESS_EVENT_INTERVAL_MS;
    expect(written.length).toBeLessThanOrEqual(Math.ceil(reports.length / eventsPerWrite));
    expect(written.length).toBeGreaterThan(0);
    expect(written).toEqual([...written].sort((a, b) => a - b));
    expect(published).toEqual(expect.arrayContaining(written));
  });

  it('publishes a rise that comes after a long quiet spell', async () => {
    const { throttle, published, written, advance } = throttled();
    await throttle.started(1);
    advance(PROGRESS_WRITE_INTERVAL_MS);
    await throttle.report(12);
    expect(published).toEqual([1, 12]);
    expect(written).toEqual([12]);
  });
});
