import { isRetryableStatus, retryDelayMs, sleep } from './retry-policy';

describe('retry policy', () => {
  it('retries rate limits and server errors only', () => {
    expect([429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(retryDelayMs(0, null, () => 0.999)).toBe(199);
    expect(retryDelayMs(3, null, () => 0.5)).toBe(800);
    expect(retryDelayMs(20, null, () => 0.999)).toBeLessThanOrEqual(5000);
    expect(retryDelayMs(3, null, () => 0)).toBe(0);
  });

  it('honours Retry-After seconds, capped', () => {
    expect(retryDelayMs(0, '2', () => 0)).toBe(2000);
    expect(retryDelayMs(0, '3600', () => 0)).toBe(5000);
    expect(retryDelayMs(0, 'soon', () => 0)).toBe(0);
  });

  it('stops sleeping when aborted', async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    controller.abort(new Error('gone'));
    await expect(slept).rejects.toThrow('gone');
  });
});
