import { SeededRandom } from './seeded-random';

export interface Split<T> {
  readonly fit: T[];
  readonly holdout: T[];
}

/**
 * Holds out about `fraction` of every label (seeded, so reruns agree). Labels with fewer than three
 * examples stay whole in `fit`: a model cannot learn a class it never saw.
 */
export function stratifiedSplit<T>(
  items: readonly T[],
  labelOf: (item: T) => string,
  fraction: number,
  seed: number,
): Split<T> {
  const byLabel = new Map<string, T[]>();
  for (const item of items) {
    const label = labelOf(item);
    byLabel.set(label, [...(byLabel.get(label) ?? []), item]);
  }
  const random = new SeededRandom(seed);
  const fit: T[] = [];
  const holdout: T[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const group = random.shuffle([...byLabel.get(label)!]);
    const held = group.length < 3 ? 0 : Math.max(1, Math.round(group.length * fraction));
    holdout.push(...group.slice(0, held));
    fit.push(...group.slice(held));
  }
  return { fit, holdout };
}
