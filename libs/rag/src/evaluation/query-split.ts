import { createHash } from 'node:crypto';
import { BeirQuery } from './beir-dataset.types';

/**
 * A fixed validation split carved from the queries by a hash of their id: the same on every run and
 * machine, independent of file order. Fusion is tuned on `validation` only; `test` reports the figures.
 */
export function splitQueries(
  queries: BeirQuery[],
  validationShare = 0.3,
): { validation: BeirQuery[]; test: BeirQuery[] } {
  const validation: BeirQuery[] = [];
  const test: BeirQuery[] = [];
  for (const query of queries) {
    const bucket = createHash('sha256').update(query._id).digest().readUInt32BE(0) / 2 ** 32;
    (bucket < validationShare ? validation : test).push(query);
  }
  return { validation, test };
}
