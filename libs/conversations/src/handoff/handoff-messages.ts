import type { Actor, HandoffAction } from '../conversation.types';

export interface HandoffContext {
  actor: Actor;
  /** The pipeline handed off outside business hours: nobody will join right away. */
  outOfHours?: boolean;
}

/** What the visitor is told when the state changes: every change gets one system message. */
export function handoffSystemMessage(action: HandoffAction, context: HandoffContext): string {
  switch (action) {
    case 'request_human':
      return context.outOfHours
        ? "Our team is away right now. A human agent will pick up this conversation when they're back."
        : 'A human agent will join shortly.';
    case 'take_over':
      return `You're now chatting with ${context.actor.name?.trim() || 'a human agent'}.`;
    case 'hand_back':
      return "You're back with the assistant.";
    case 'resolve':
      return 'This conversation was resolved.';
    case 'reopen':
      return "This conversation was reopened. You're chatting with the assistant.";
  }
}
