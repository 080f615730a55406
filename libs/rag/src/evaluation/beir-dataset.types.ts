/** BEIR layout: corpus.jsonl, queries.jsonl and qrels/<split>.tsv in one folder. */
export interface BeirDocument {
  _id: string;
  title: string;
  text: string;
  /** Extra source fields (links, categories); BEIR tools ignore unknown keys. */
  metadata?: Record<string, unknown>;
}

export interface BeirQuery {
  _id: string;
  text: string;
  metadata?: Record<string, unknown>;
}

/** query id → corpus id → relevance score, as BEIR's own loader returns it. */
export type BeirQrels = Record<string, Record<string, number>>;

export interface BeirDataset {
  corpus: BeirDocument[];
  queries: BeirQuery[];
  qrels: BeirQrels;
}

export const QRELS_HEADER = 'query-id\tcorpus-id\tscore';

export function countQrels(qrels: BeirQrels): number {
  return Object.values(qrels).reduce((total, judged) => total + Object.keys(judged).length, 0);
}
