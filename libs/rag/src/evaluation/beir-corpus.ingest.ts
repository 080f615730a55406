import type { KnowledgeRuntime } from '../cli/knowledge-runtime';
import { renderProgress } from '../cli/progress-bar';
import type { BeirDataset } from './beir-dataset.types';

/** Maps anything that names a stored document (a chunk hit, a citation) back to its BEIR corpus id. */
export type CorpusIdOf = (stored: { documentId: string }) => string;

/**
 * Ingests a BEIR corpus through the real upload → queue → worker pipeline into the runtime's fresh
 * collection, one plain-text document per corpus entry, and waits until each one settled. Shared by
 * every evaluation that needs the corpus searchable (retrieval, whole-pipeline answers).
 */
export async function ingestBeirCorpus(runtime: KnowledgeRuntime, dataset: BeirDataset): Promise<CorpusIdOf> {
  const sources = dataset.corpus.map((doc) => ({
    title: doc.title,
    sourceKind: 'text' as const,
    sourceKey: `beir:${doc._id}`,
    mediaType: 'text/plain',
    bytes: Buffer.from(doc.text, 'utf8'),
  }));
  const stored = await runtime.ingest(sources, (done, total) => renderProgress('ingest', done, total));
  const corpusIdOf = new Map(stored.map((document, i) => [document.id, dataset.corpus[i]._id]));
  return (hit) => corpusIdOf.get(hit.documentId) ?? '';
}
