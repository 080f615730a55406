/**
 * `npm run bench:ingest`: chunks per second through the whole ingestion pipeline (upload, queue, parse,
 * chunk, embed, store in one transaction) against the bare embedder on the very same chunk texts, and
 * against LangChain.js (`RecursiveCharacterTextSplitter` + `PGVectorStore`, bench/support/langchain-baseline)
 * on the same documents, database and embedder, all in one run. Two rows, one after the other:
 * - `builtin`: the built-in hashing embedder, BENCH_DOCUMENTS documents (default 200);
 * - `transformers`: transformers.js on the generated MiniLM-shaped ONNX encoder that `npm run bench:slm`
 *   uses (hidden 384, random weights: its speed is a real encoder's, not its quality), on
 *   BENCH_TRANSFORMERS_DOCUMENTS documents (default 24, each 12 chunks: about 2 minutes on 2 busy cores).
 * The documents go in BENCH_ROUNDS slices (default 4), each through the bare embedder, Seed's pipeline,
 * LangChain and the bare embedder again, so load from other processes weighs on all of them alike (see
 * measure). DATABASE_URL selects PostgreSQL, else in-memory PGlite; on PostgreSQL, run nothing else
 * that consumes the ingestion queue on that database meanwhile (the in-process queue is a shared table,
 * so another process would take some of the jobs). Each row runs on a fresh collection whose documents
 * are deleted afterwards, so runs do not grow the shared HNSW index. Seed's side ends when the worker's
 * events report every document settled (bench/support/settled-documents), not on a polling query.
 *
 * The last line is one JSON object: `{ bench: 'ingest', database, runs: [row, row] }`, each row
 * `{ embedder, documents, chunks, bare_embedder_chunks_per_s, pipeline_chunks_per_s, pipeline_vs_embedder,
 * langchain_chunks, langchain_chunks_per_s, langchain_vs_embedder }` (when the baseline cannot run, one
 * `langchain` key with the reason replaces the three langchain_* keys).
 */
import { Database } from '@app/core';
import {
  chunkDocument,
  DEFAULT_CHUNK_OPTIONS,
  DocumentSource,
  DocumentsService,
  loadRagConfig,
  parseDocument,
} from '@app/rag';
import { Embedder, ModelRegistry } from '@app/slm';
import { ensureBenchEncoder } from '@app/slm/testing';
import { KnowledgeRuntime, openKnowledgeRuntime } from '../libs/rag/src/cli/knowledge-runtime';
import { uploadAndSettle } from './support/settled-documents';
import { markdownDocument, round } from './support/synthetic-corpus';

// The bare embedder and the pipeline embed the same texts: neither may answer from the embedder's
// memory of the other's single-text calls.
process.env.SLM_EMBED_MEMORY = '0';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);
const TRANSFORMERS_DOCUMENTS = Number(process.env.BENCH_TRANSFORMERS_DOCUMENTS ?? 24);
/** As knowledge-runtime's ingest: uploads of 100 documents. */
const UPLOAD_BATCH = 100;
/** Slices each row's documents are measured in, alternating the sides (see measure). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

type LangchainModule = typeof import('./support/langchain-baseline');
type LangchainFigures =
  { langchain: string } | { langchain_chunks: number; langchain_chunks_per_s: number; langchain_vs_embedder: number };

const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** Seconds the bare embedder takes over the texts, in the pipeline's batch size. */
async function bareEmbedderSeconds(texts: string[], embedder: Embedder, batch: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < texts.length; i += batch) await embedder.embed(texts.slice(i, i + batch));
  return secondsSince(started);
}

async function chunkTexts(documents: string[]): Promise<string[]> {
  const config = loadRagConfig();
  const texts: string[] = [];
  for (const [i, text] of documents.entries()) {
    const parsed = await parseDocument(Buffer.from(text), { filename: `doc-${i}.md` });
    const size = { size: config.CHUNK_SIZE ?? DEFAULT_CHUNK_OPTIONS.size, overlap: config.CHUNK_OVERLAP };
    texts.push(...(await chunkDocument(parsed, size)).map((chunk) => chunk.searchText));
  }
  return texts;
}

/** The baseline's module, or why it cannot load (its packages are installed through npm overrides). */
function loadLangchain(): LangchainModule | string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./support/langchain-baseline') as LangchainModule;
  } catch (error) {
    return `not run: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** Seconds since `started`, and the result of `work`. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: secondsSince(started) };
}

/**
 * runtime.ingest, for a collection that holds earlier rounds' documents already: uploads in the same
 * batches, then waits until the worker settled them (on document events, not by polling: see
 * uploadAndSettle).
 */
async function ingestAndWait(runtime: KnowledgeRuntime, sources: DocumentSource[], total: number): Promise<void> {
  const documents = runtime.app.get(DocumentsService);
  await uploadAndSettle(runtime.app, runtime, total, async () => {
    const ids: string[] = [];
    for (let i = 0; i < sources.length; i += UPLOAD_BATCH) {
      const uploaded = await documents.upload(
        runtime.tenantId,
        runtime.collectionId,
        sources.slice(i, i + UPLOAD_BATCH),
      );
      ids.push(...uploaded.filter((entry) => entry.changed).map((entry) => entry.document.id));
    }
    return ids;
  });
}

/**
 * The documents in ROUNDS slices; each slice goes through the bare embedder, Seed's pipeline and
 * LangChain one after the other (then the bare embedder again), and each side's figure sums its
 * slices. On a machine shared with other work, load that comes and goes then weighs on all three alike:
 * one Seed pass followed by one LangChain pass put a minute apart, and two runs flipped which was faster.
 * Both sides keep what they stored across rounds (Seed's collection, LangChain's table), so both insert
 * into an index of the same size.
 */
async function measure(spec: string, count: number, langchain: LangchainModule | string) {
  process.env.SLM_EMBEDDER = spec; // the runtime's configured embedder, which its new collection gets
  const documents = Array.from({ length: count }, (_, i) => markdownDocument(i));
  const runtime = await openKnowledgeRuntime(`bench-ingest-${spec.split(':')[0]}`);
  const database = runtime.app.get(Database);
  const embedder = runtime.app.get(ModelRegistry).embedder();
  const batch = loadRagConfig().EMBED_BATCH_SIZE;
  let baseline: Awaited<ReturnType<LangchainModule['openLangchainBaseline']>> | undefined;
  try {
    await embedder.embed(['warm up']); // loads the model: not part of any figure
    // Rows other runs deleted stay in the shared HNSW graph until vacuumed, and inserts would walk them;
    // LangChain starts on a table of its own.
    if (runtime.databaseKind === 'postgres') await database.pool.query('VACUUM chunk_embeddings, chunks');
    if (typeof langchain !== 'string')
      baseline = await langchain.openLangchainBaseline({ pool: database.pool, embedder });
    const sum = { chunks: 0, bare: 0, pipeline: 0, langchain: 0, langchainChunks: 0 };
    const perRound = Math.ceil(count / ROUNDS);
    for (let first = 0; first < count; first += perRound) {
      const slice = documents.slice(first, first + perRound);
      const texts = await chunkTexts(slice);
      sum.chunks += texts.length;
      sum.bare += await bareEmbedderSeconds(texts, embedder, batch);
      const sources = slice.map((text, i) => ({
        title: '',
        sourceKind: 'file' as const,
        sourceKey: `file:doc-${first + i}.md`,
        filename: `doc-${first + i}.md`,
        bytes: Buffer.from(text),
      }));
      sum.pipeline += (await timed(() => ingestAndWait(runtime, sources, first + slice.length))).seconds;
      if (baseline) {
        const lc = baseline;
        // LangChain's own splitter decides its chunk count; its figure is chunks per second all the same.
        const { result, seconds } = await timed(() =>
          lc.ingest(slice.map((text, i) => ({ id: `doc-${first + i}`, title: '', text }))),
        );
        sum.langchain += seconds;
        sum.langchainChunks += result.chunks;
      }
      sum.bare += await bareEmbedderSeconds(texts, embedder, batch);
    }
    const bare = (2 * sum.chunks) / sum.bare;
    const pipeline = sum.chunks / sum.pipeline;
    const langchainFigures: LangchainFigures =
      typeof langchain === 'string'
        ? { langchain }
        : {
            langchain_chunks: sum.langchainChunks,
            langchain_chunks_per_s: round(sum.langchainChunks / sum.langchain, 1),
            langchain_vs_embedder: round(sum.langchainChunks / sum.langchain / bare, 3),
          };
    return {
      database: runtime.databaseKind,
      row: {
        embedder: embedder.id,
        documents: count,
        chunks: sum.chunks,
        bare_embedder_chunks_per_s: round(bare, 1),
        pipeline_chunks_per_s: round(pipeline, 1),
        pipeline_vs_embedder: round(pipeline / bare, 3),
        ...langchainFigures,
      },
    };
  } finally {
    await baseline?.close();
    await database.pool.query('DELETE FROM documents WHERE collection_id = $1', [runtime.collectionId]);
    // Dead rows stay in the HNSW graph until vacuumed, and later runs would walk them.
    if (runtime.databaseKind === 'postgres') await database.pool.query('VACUUM chunk_embeddings, chunks');
    await runtime.close();
  }
}

async function main(): Promise<void> {
  const langchain = loadLangchain();
  const builtin = await measure('builtin:hash', DOCUMENTS, langchain);
  const transformers = await measure(`transformers:${ensureBenchEncoder()}`, TRANSFORMERS_DOCUMENTS, langchain);
  const runs = [builtin.row, transformers.row];
  console.log(`database: ${builtin.database}; chunks/s (ratio to the bare embedder on the same chunk texts)`);
  for (const run of runs) {
    const langchainText =
      'langchain' in run
        ? `langchain ${run.langchain}`
        : `langchain ${run.langchain_chunks_per_s} (${run.langchain_vs_embedder}, ${run.langchain_chunks} chunks)`;
    console.log(
      `${run.embedder}: ${run.documents} documents, ${run.chunks} chunks; bare embedder ${run.bare_embedder_chunks_per_s}; ` +
        `pipeline ${run.pipeline_chunks_per_s} (${run.pipeline_vs_embedder}); ${langchainText}`,
    );
  }
  console.log(JSON.stringify({ bench: 'ingest', database: builtin.database, runs }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
