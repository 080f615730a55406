import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker({ threshold: 2, cooldownMs: 1000, now: () => now });

  beforeEach(() => (now = 0));

  it('opens after `threshold` failures in a row and fails fast during the cooldown', () => {
    const b = breaker();
    b.recordFailure();
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure();
    expect(b.current).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    now = 400;
    expect(b.retryInMs).toBe(600);
  });

  it('lets one trial through after the cooldown and closes on its success', () => {
    const b = breaker();
    b.recordFailure();
    b.recordFailure();
    now = 1000;
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.recordSuccess();
    expect(b.current).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('reopens when the trial fails, and a success resets the count', () => {
    const b = breaker();
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    expect(b.current).toBe('closed');
    b.recordFailure();
    now = 1000;
    b.tryAcquire();
    b.recordFailure();
    expect(b.current).toBe('open');
    expect(b.tryAcquire()).toBe(false);
  });

  it('frees the trial when the caller aborted it', () => {
    const b = breaker();
    b.recordFailure();
    b.recordFailure();
    now = 1000;
    expect(b.tryAcquire()).toBe(true);
    b.recordNeutral();
    expect(b.tryAcquire()).toBe(true);
  });
});
