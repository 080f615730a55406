import type { Citation } from '@app/agents';
import type { ConversationState, Message } from '@app/conversations';

/** What Seed adds to each completion: where the answer came from and where the conversation is. */
export interface SeedCompletionInfo {
  conversationId: string;
  state: ConversationState;
  /** slm, escalation, handoff or refusal; null when no bot reply was written (a human has the conversation). */
  tier: string | null;
  /** knowledge, tool, handoff, small_talk or refuse; null as for tier. */
  route: string | null;
  /** The conversation is waiting for, or with, a human. */
  handoff: boolean;
}

export interface CompletionCitation {
  n: number;
  title: string;
  sourceUrl: string | null;
  documentId: string;
  chunkId: string;
}

export interface CompletionHeader {
  id: string;
  created: number;
  model: string;
}

/** Rough token counts: about four characters a token, as the reply is not tokenised by one known tokenizer. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function usageOf(promptText: string, completionText: string) {
  const prompt_tokens = estimateTokens(promptText);
  const completion_tokens = estimateTokens(completionText);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

export const toCompletionCitations = (citations: Citation[]): CompletionCitation[] =>
  citations.map(({ n, title, sourceUrl, documentId, chunkId }) => ({ n, title, sourceUrl, documentId, chunkId }));

/** The route each final tier implies; other tiers keep the routing decision. */
const ROUTE_OF_TIER: Record<string, string> = { handoff: 'handoff', refusal: 'refuse' };

/**
 * Tier and route of a stored bot reply, read from its trace: the `reply` step holds the tier, the
 * `route` step the routing decision (`knowledge:<reason>`). A knowledge answer that found nothing
 * becomes a handoff, and a message the guard blocked never reaches routing, so those tiers decide.
 */
export function replyOutcome(reply: Message | null): Pick<SeedCompletionInfo, 'tier' | 'route'> {
  const steps = reply?.trace ?? [];
  const tier = steps.find((step) => step.stage === 'reply')?.decision ?? null;
  const decided = steps.find((step) => step.stage === 'route')?.decision.split(':')[0] ?? null;
  return { tier, route: (tier && ROUTE_OF_TIER[tier]) ?? decided };
}

export function completion(
  header: CompletionHeader,
  content: string,
  citations: CompletionCitation[],
  seed: SeedCompletionInfo,
  promptText: string,
) {
  return {
    ...header,
    object: 'chat.completion' as const,
    choices: [
      {
        index: 0,
        message: { role: 'assistant' as const, content, refusal: null },
        finish_reason: 'stop' as const,
        logprobs: null,
      },
    ],
    usage: usageOf(promptText, content),
    citations,
    seed,
  };
}

type Delta = { role?: 'assistant'; content?: string };

export function completionChunk(header: CompletionHeader, delta: Delta, finishReason: 'stop' | null = null) {
  return {
    ...header,
    object: 'chat.completion.chunk' as const,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
}
