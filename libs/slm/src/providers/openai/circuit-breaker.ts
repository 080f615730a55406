export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  threshold: number;
  /** How long an open circuit rejects calls before letting one trial call through. */
  cooldownMs: number;
  now?: () => number;
}

type State = 'closed' | 'open' | 'half-open';

/**
 * Stops hammering a dead model server. After `threshold` failed calls in a row every call fails at once
 * for `cooldownMs`; then one trial call decides whether to close again or wait another cooldown.
 */
export class CircuitBreaker {
  private state: State = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get current(): State {
    return this.state;
  }

  /** Milliseconds until an open circuit lets a trial call through. */
  get retryInMs(): number {
    return this.state === 'open' ? Math.max(0, this.openedAt + this.options.cooldownMs - this.now()) : 0;
  }

  /** Whether a call may go out now; a true answer in half-open state reserves the single trial. */
  tryAcquire(): boolean {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) this.state = 'half-open';
    if (this.state === 'closed') return true;
    if (this.state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  recordSuccess(): void {
    this.state = 'closed';
    this.failures = 0;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.options.threshold) {
      this.state = 'open';
      this.openedAt = this.now();
    }
  }

  /** A call that ended without telling anything about the server (the caller aborted it). */
  recordNeutral(): void {
    this.trialInFlight = false;
  }
}
