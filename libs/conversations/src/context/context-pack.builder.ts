import type { AgentDefinition, Entity } from '@app/agents';
import { extractEntities } from '@app/agents';
import type { Conversation, Message } from '../conversation.types';
import { toPublicMessage } from '../protocol/public-views';
import type { ContextPack } from '../protocol/socket-protocol';

const SUMMARY_PART_CHARS = 280;

/**
 * What a human needs at takeover, built without a model: an extractive summary (the visitor's first
 * and latest messages), the last intent, entities found in the visitor's messages, the passages the
 * bot cited, and its last answer.
 */
export function buildContextPack(
  agent: AgentDefinition,
  conversation: Conversation,
  transcript: Message[],
): ContextPack {
  const visitor = transcript.filter((message) => message.role === 'visitor');
  const bot = transcript.filter((message) => message.role === 'bot');
  return {
    summary: summarise(visitor),
    intent: conversation.intent,
    entities: entitiesOf(agent, visitor),
    sources: distinctSources(bot),
    lastBotAnswer: bot.at(-1)?.text ?? null,
    transcript: transcript.map(toPublicMessage),
  };
}

function summarise(visitor: Message[]): string {
  if (visitor.length === 0) return 'The visitor has not written anything yet.';
  const first = truncate(visitor[0].text);
  if (visitor.length === 1) return `The visitor wrote: "${first}"`;
  const latest = truncate(visitor[visitor.length - 1].text);
  return `The visitor first wrote: "${first}" Latest (${visitor.length} messages): "${latest}"`;
}

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SUMMARY_PART_CHARS ? flat : `${flat.slice(0, SUMMARY_PART_CHARS - 1)}…`;
}

function entitiesOf(agent: AgentDefinition, visitor: Message[]): ContextPack['entities'] {
  const seen = new Set<string>();
  const entities: ContextPack['entities'] = [];
  for (const message of visitor) {
    let found: Entity[] = [];
    try {
      found = extractEntities(message.text, agent.settings.entities, new Date(message.createdAt));
    } catch {
      continue; // a bad tenant pattern must not cost the human the context pack
    }
    for (const entity of found) {
      const value = entityValue(entity);
      const key = `${entity.type}:${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entities.push({ type: entity.type, value });
    }
  }
  return entities;
}

function entityValue(entity: Entity): string {
  const value: unknown = entity.value;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'currency' in value && 'value' in value) {
    return `${String(value.value)} ${String(value.currency)}`;
  }
  return entity.text;
}

function distinctSources(bot: Message[]): ContextPack['sources'] {
  const byChunk = new Map<string, ContextPack['sources'][number]>();
  for (const message of bot) for (const citation of message.citations) byChunk.set(citation.chunkId, citation);
  return [...byChunk.values()];
}
