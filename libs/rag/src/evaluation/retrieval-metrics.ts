import { BeirQrels } from './beir-dataset.types';

export interface RetrievalMetrics {
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  'mrr@10': number;
  'ndcg@10': number;
}

/** The standard BEIR metrics of one ranked list of corpus ids against its judgements. */
export function scoreRanking(ranked: string[], judged: Record<string, number>): RetrievalMetrics {
  const relevant = Object.entries(judged).filter(([, grade]) => grade > 0);
  const recallAt = (k: number) => {
    if (relevant.length === 0) return 0;
    const top = new Set(ranked.slice(0, k));
    return relevant.filter(([id]) => top.has(id)).length / relevant.length;
  };
  const firstHit = ranked.slice(0, 10).findIndex((id) => (judged[id] ?? 0) > 0);
  const dcg = ranked.slice(0, 10).reduce((sum, id, i) => sum + (2 ** (judged[id] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = relevant
    .map(([, grade]) => grade)
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  return {
    'recall@1': recallAt(1),
    'recall@5': recallAt(5),
    'recall@10': recallAt(10),
    'mrr@10': firstHit >= 0 ? 1 / (firstHit + 1) : 0,
    'ndcg@10': ideal > 0 ? dcg / ideal : 0,
  };
}

/** Mean of each metric over the queries that have judgements, rounded to 4 decimals. */
export function meanMetrics(rankings: Map<string, string[]>, qrels: BeirQrels): RetrievalMetrics {
  const totals: RetrievalMetrics = { 'recall@1': 0, 'recall@5': 0, 'recall@10': 0, 'mrr@10': 0, 'ndcg@10': 0 };
  let count = 0;
  for (const [queryId, ranked] of rankings) {
    if (!qrels[queryId]) continue;
    const scores = scoreRanking(ranked, qrels[queryId]);
    for (const key of Object.keys(totals) as (keyof RetrievalMetrics)[]) totals[key] += scores[key];
    count++;
  }
  for (const key of Object.keys(totals) as (keyof RetrievalMetrics)[]) {
    totals[key] = count ? Math.round((totals[key] / count) * 10_000) / 10_000 : 0;
  }
  return totals;
}

/** Corpus ids in first-seen order: several chunks of one document count once, at its best rank. */
export function uniqueInOrder(ids: string[]): string[] {
  return [...new Set(ids)];
}
