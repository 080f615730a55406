import type { AgentDefinition } from '../agents/agent.types';
import { isWithinBusinessHours } from './conversation-signals';
import type { PipelineResult } from './pipeline.types';

export function dontKnowReply(): string {
  return "I don't know the answer to that from the information I have.";
}

export function outOfScopeRefusal(agent: AgentDefinition): string {
  return `Sorry, that's outside what I can help with here. I'm ${agent.name}; feel free to ask me about our products and services.`;
}

/** A handoff request: the visitor is told what happens next, and out of hours, when. */
export function handoffReply(
  agent: AgentDefinition,
  reason: string,
  now: Date,
  prefix: string,
): Pick<PipelineResult, 'text' | 'route' | 'tier' | 'handoff'> {
  const { handoff } = agent.settings;
  const open = isWithinBusinessHours(handoff.hours, now);
  const next = open
    ? "I'm passing your question to a member of our team, who will reply here shortly."
    : (handoff.outOfHoursMessage ??
      "Our team is away right now; I've passed your question on and someone will reply when they're back.");
  return {
    text: prefix ? `${prefix} ${next}` : next,
    route: 'handoff',
    tier: 'handoff',
    handoff: open ? { reason } : { reason, outOfHours: true },
  };
}
