/**
 * Where ingestion's time goes, for bench:ingest's pipeline half: wraps the steps of upload and of each
 * job, and every SQL statement (by its first words), and prints their summed wall time over one run.
 * With QUEUE_CONCURRENCY jobs at once, a job's steps add up to about that many times the wall time.
 *
 *   DATABASE_URL=postgres://… node -r @swc-node/register bench/ingest-profile.ts
 *   PROFILE_EMBEDDER=transformers PROFILE_DOCUMENTS=24 node -r @swc-node/register bench/ingest-profile.ts
 *
 * PROFILE_EMBEDDER: a spec, or `transformers` for the bench encoder (default builtin:hash);
 * PROFILE_DOCUMENTS: default 200. Without DATABASE_URL, in-memory PGlite. `model idle` is the wall time
 * minus the model's own calls: what the pipeline's overlap of jobs failed to hide.
 * Run nothing else that consumes the ingestion queue on the same database meanwhile (another bench, a
 * worker): the in-process queue is a table, and the other process would take some of the jobs.
 */
import { Client } from 'pg';
import { Database } from '@app/core';
import { ModelRegistry } from '@app/slm';
import { ensureBenchEncoder } from '@app/slm/testing';
import { openKnowledgeRuntime } from '../libs/rag/src/cli/knowledge-runtime';
import { DocumentsRepository } from '../libs/rag/src/documents/documents.repository';
import { DocumentsService } from '../libs/rag/src/documents/documents.service';
import { IngestionPipeline } from '../libs/rag/src/ingestion/ingestion-pipeline';
import { IngestionProcessor } from '../libs/rag/src/ingestion/ingestion.processor';
import { ChunksRepository } from '../libs/rag/src/retrieval/chunks.repository';
import { ReadyDocumentWriter } from '../libs/rag/src/ingestion/ready-document-writer';
import { DocumentEvents } from '../libs/rag/src/events/document-events';
import { uploadAndSettle } from './support/settled-documents';
import { markdownDocument } from './support/synthetic-corpus';

const totals = new Map<string, { ms: number; calls: number }>();

function wrap(target: object, method: string, label: string): void {
  const proto = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = proto[method];
  proto[method] = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      const entry = totals.get(label) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - started;
      entry.calls++;
      totals.set(label, entry);
    }
  };
}

/** Times every statement any pg client runs, by its first words (callback and promise styles). */
function timeClientQueries(): void {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const sql = typeof first === 'string' ? first : (first?.text ?? '?');
    const label = `  sql: ${sql.replace(/\s+/g, ' ').trim().slice(0, 30)}`;
    const started = performance.now();
    const done = () => {
      const entry = totals.get(label) ?? { ms: 0, calls: 0 };
      entry.ms += performance.now() - started;
      entry.calls++;
      totals.set(label, entry);
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...results: unknown[]) => {
        done();
        return (last as (...r: unknown[]) => unknown)(...results);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function')
      return (result as Promise<unknown>).finally(done);
    return result;
  };
}

async function main(): Promise<void> {
  const spec = process.env.PROFILE_EMBEDDER ?? 'builtin:hash';
  process.env.SLM_EMBEDDER = spec === 'transformers' ? `transformers:${ensureBenchEncoder()}` : spec;
  const count = Number(process.env.PROFILE_DOCUMENTS ?? 200);
  wrap(IngestionProcessor.prototype, 'handle', 'job.handle');
  wrap(DocumentsRepository.prototype, 'startIngestion', 'startIngestion');
  wrap(IngestionPipeline.prototype, 'prepare', 'prepare (parse+chunk+embed)');
  wrap(DocumentsService.prototype, 'upload', 'upload');
  wrap(ChunksRepository.prototype, 'ensureVectorIndex', 'ensureVectorIndex');
  wrap(ReadyDocumentWriter.prototype, 'write', 'writer.write');
  wrap(Database.prototype, 'transaction', 'transaction (all)');
  timeClientQueries();
  wrap(DocumentEvents.prototype, 'publish', 'events.publish');
  const runtime = await openKnowledgeRuntime(`profile-${Date.now()}`);
  const embedder = runtime.app.get(ModelRegistry).embedder();
  wrap(Object.getPrototypeOf(embedder) as object, 'embed', 'embedder.embed');
  // The model's own calls (after the micro-batcher's queue): wall time minus these is the time the model
  // sat idle, which overlapping jobs should keep near zero when embedding is the long stage.
  const backend = (embedder as unknown as { backend?: object }).backend;
  if (backend) wrap(backend, 'embedBatch', 'model busy (embedBatch)');
  await embedder.embed(['warm up']);
  totals.clear();
  const documents = Array.from({ length: count }, (_, i) => markdownDocument(i));
  const started = performance.now();
  const sources = documents.map((text, i) => ({
    title: '',
    sourceKind: 'file' as const,
    sourceKey: `file:doc-${i}.md`,
    filename: `doc-${i}.md`,
    bytes: Buffer.from(text),
  }));
  // As bench:ingest: uploads of 100, then a wait on the documents' events.
  const service = runtime.app.get(DocumentsService);
  await uploadAndSettle(runtime.app, runtime, count, async () => {
    const ids: string[] = [];
    for (let i = 0; i < sources.length; i += 100) {
      const uploaded = await service.upload(runtime.tenantId, runtime.collectionId, sources.slice(i, i + 100));
      ids.push(...uploaded.map((entry) => entry.document.id));
    }
    return ids;
  });
  const wall = performance.now() - started;
  console.log(`${runtime.databaseKind} ${spec}: ${count} documents in ${wall.toFixed(0)} ms`);
  const busy = totals.get('model busy (embedBatch)')?.ms;
  if (busy !== undefined) console.log(`model idle: ${(wall - busy).toFixed(0)} ms of ${wall.toFixed(0)} ms`);
  for (const [label, { ms, calls }] of totals)
    console.log(`${label.padEnd(32)} ${ms.toFixed(0).padStart(7)} ms ${String(calls).padStart(6)} calls`);
  const database = runtime.app.get(Database);
  await database.pool.query('DELETE FROM documents WHERE collection_id = $1', [runtime.collectionId]);
  if (runtime.databaseKind === 'postgres') await database.pool.query('VACUUM chunk_embeddings, chunks');
  await runtime.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
