import { stableBucket } from './stable-hash';

export type InsertPosition = 'start' | 'middle' | 'end';
export const INSERT_POSITIONS: readonly InsertPosition[] = ['start', 'middle', 'end'];

const SENTENCE_END = /(?<=[.!?])\s+/g;

/**
 * Builds a BIPIA test case the way the benchmark describes it: the attack on its own line before or
 * after the context, or between two sentences of it. The middle position is a seeded choice among the
 * context's sentence boundaries, so the same case is built on every run.
 */
export function insertAttack(context: string, attack: string, position: InsertPosition, seed: number): string {
  if (position === 'start') return `${attack}\n${context}`;
  if (position === 'end') return `${context}\n${attack}`;
  const boundaries = [...context.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length);
  if (boundaries.length === 0) return `${context} ${attack}`;
  const at = boundaries[stableBucket(`${context.length}:${attack}`, seed, boundaries.length)];
  return `${context.slice(0, at)}${attack} ${context.slice(at)}`;
}
