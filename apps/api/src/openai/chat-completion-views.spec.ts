import type { TraceStep } from '@app/agents';
import type { Message } from '@app/conversations';
import { estimateTokens, replyOutcome, usageOf } from './chat-completion-views';

const reply = (trace: TraceStep[]) => ({ trace }) as Message;
const step = (stage: string, decision: string): TraceStep => ({ stage, decision, ms: 1 });

describe('replyOutcome', () => {
  it('reads the tier from the reply step and the route from the routing decision', () => {
    const trace = [step('guard', 'ok'), step('route', 'knowledge:no_model'), step('reply', 'slm')];
    expect(replyOutcome(reply(trace))).toEqual({ tier: 'slm', route: 'knowledge' });
  });

  it('a knowledge answer that found nothing is a handoff, a guarded message a refusal', () => {
    expect(replyOutcome(reply([step('route', 'knowledge:no_model'), step('reply', 'handoff')]))).toEqual({
      tier: 'handoff',
      route: 'handoff',
    });
    expect(replyOutcome(reply([step('guard', 'blocked:injection'), step('reply', 'refusal')]))).toEqual({
      tier: 'refusal',
      route: 'refuse',
    });
  });

  it('is empty without a bot reply', () => {
    expect(replyOutcome(null)).toEqual({ tier: null, route: null });
  });
});

describe('usage estimates', () => {
  it('counts about four characters a token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
    expect(usageOf('abcd', 'abcdefgh')).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
  });
});
