import type { ChunkHit } from '../retrieval/chunks.repository';
import { DEFAULT_RETRIEVAL_TUNING, RetrievalTuning } from '../retrieval/retrieval.service';
import { FusionMethod, fuseRankings } from '../retrieval/hybrid-fusion';
import { BeirQrels } from './beir-dataset.types';
import { meanMetrics, RetrievalMetrics, uniqueInOrder } from './retrieval-metrics';

/** The two candidate lists of one validation query, fetched once and re-fused for every setting. */
export interface CachedLists {
  queryId: string;
  vector: ChunkHit[];
  text: ChunkHit[];
}

const RRF_K = [1, 5, 10, 20, 40, 60, 100];
const VECTOR_WEIGHTS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6];
const METHODS: FusionMethod[] = ['rrf', 'convex'];
const CANDIDATES = [10, 20, 40, 80];

/** What the grid maximises: the mean of the ranking metrics (each in 0..1). */
function objective(metrics: RetrievalMetrics): number {
  return Object.values(metrics).reduce((sum, value) => sum + value, 0);
}

/** Grid search of the RRF constant, the vector weight and the candidate depth on the validation queries. */
export function tuneFusion(
  lists: CachedLists[],
  qrels: BeirQrels,
  toCorpusId: (hit: ChunkHit) => string,
  k: number,
): { tuning: RetrievalTuning; validation: RetrievalMetrics } {
  let best = {
    tuning: DEFAULT_RETRIEVAL_TUNING,
    validation: evaluate(lists, qrels, toCorpusId, DEFAULT_RETRIEVAL_TUNING, k),
  };
  for (const method of METHODS) {
    for (const rrfK of method === 'rrf' ? RRF_K : [DEFAULT_RETRIEVAL_TUNING.rrfK]) {
      for (const vectorWeight of VECTOR_WEIGHTS) {
        for (const candidates of CANDIDATES) {
          const tuning = {
            ...DEFAULT_RETRIEVAL_TUNING,
            method,
            rrfK,
            vectorWeight,
            minCandidates: candidates,
            candidateFactor: 0,
          };
          const validation = evaluate(lists, qrels, toCorpusId, tuning, k);
          if (objective(validation) > objective(best.validation)) best = { tuning, validation };
        }
      }
    }
  }
  return best;
}

function evaluate(
  lists: CachedLists[],
  qrels: BeirQrels,
  toCorpusId: (hit: ChunkHit) => string,
  tuning: RetrievalTuning,
  k: number,
): RetrievalMetrics {
  const candidates = Math.max(tuning.minCandidates, k * tuning.candidateFactor);
  const rankings = new Map<string, string[]>();
  for (const { queryId, vector, text } of lists) {
    const fused = fuseRankings(vector.slice(0, candidates), text.slice(0, candidates), { ...tuning, k });
    rankings.set(queryId, uniqueInOrder(fused.map(toCorpusId)));
  }
  return meanMetrics(rankings, qrels);
}
