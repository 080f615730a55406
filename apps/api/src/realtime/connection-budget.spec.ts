import { ErrorCode } from '@app/core';
import { ConnectionBudget } from './connection-budget';

describe('ConnectionBudget', () => {
  it('allows `limit` events per window, then refuses with RateLimited until the window resets', () => {
    let now = 1_000_000;
    const budget = new ConnectionBudget(3, 10_000, () => now);
    expect([budget.spend(), budget.spend(), budget.spend()]).toEqual([null, null, null]);
    const refused = budget.spend();
    expect(refused?.code).toBe(ErrorCode.RateLimited);
    expect(refused?.message).toBe('rate limit exceeded: 3 events per connection per 10 seconds; retry in 10 s');
    expect(refused?.details).toEqual({ limit: 3, windowSeconds: 10, retryAfterSeconds: 10 });
    now += 4_000;
    expect(budget.spend()?.details).toMatchObject({ retryAfterSeconds: 6 });
    now += 6_000;
    expect(budget.spend()).toBeNull();
  });

  it('a limit of 0 means no limit', () => {
    const budget = new ConnectionBudget(0, 1_000);
    for (let i = 0; i < 1_000; i++) expect(budget.spend()).toBeNull();
  });
});
