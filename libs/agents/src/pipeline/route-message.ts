import type { AgentSettings, StoredTool } from '../agents/agent.types';
import type { PendingConfirmation, Route } from './pipeline.types';

export interface RouteInput {
  blocked: boolean;
  /** Null when the agent has no active intent model. */
  intent: { name: string | null; outOfScope: boolean } | null;
  smallTalk: boolean;
  confirmation: 'yes' | 'no' | null;
  pending: PendingConfirmation | null;
  settings: Pick<AgentSettings, 'handoff' | 'tools' | 'outOfScope'>;
}

export interface RouteDecision {
  route: Route;
  /** Why, for the trace and the handoff reason. */
  reason: string;
  tool?: StoredTool;
  /** The visitor already said yes to this call. */
  confirmed?: PendingConfirmation;
}

/**
 * Deterministic routing: rules the admin wrote win over model guesses. Order: guard, an answer to a
 * pending confirmation, handoff rules, tools, small talk, then what the agent does out of scope.
 */
export function routeMessage(input: RouteInput): RouteDecision {
  if (input.blocked) return { route: 'refuse', reason: 'guard' };
  const pendingAnswer = answerToPending(input);
  if (pendingAnswer) return pendingAnswer;
  const intent = input.intent?.name ?? null;
  if (intent && input.settings.handoff.intents.includes(intent)) {
    return { route: 'handoff', reason: `handoff_rule:${intent}` };
  }
  const tool = intent ? input.settings.tools.find((candidate) => candidate.intent === intent) : undefined;
  if (tool) return { route: 'tool', reason: `intent:${intent}`, tool };
  if (input.smallTalk) return { route: 'small_talk', reason: 'small_talk' };
  if (input.intent?.outOfScope) return outOfScope(input.settings.outOfScope);
  return { route: 'knowledge', reason: intent ? `intent:${intent}` : 'default' };
}

function answerToPending(input: RouteInput): RouteDecision | null {
  if (!input.pending || !input.confirmation) return null;
  const tool = input.settings.tools.find((candidate) => candidate.name === input.pending?.tool);
  if (!tool) return null;
  if (input.confirmation === 'no') return { route: 'small_talk', reason: 'confirmation_declined' };
  return { route: 'tool', reason: 'confirmed', tool, confirmed: input.pending };
}

function outOfScope(route: AgentSettings['outOfScope']): RouteDecision {
  switch (route) {
    case 'answer':
      return { route: 'knowledge', reason: 'out_of_scope' };
    case 'handoff':
      return { route: 'handoff', reason: 'out_of_scope' };
    case 'refuse':
      return { route: 'refuse', reason: 'out_of_scope' };
  }
}
