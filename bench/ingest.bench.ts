/**
 * `npm run bench:ingest`: chunks per second through the whole ingestion pipeline (upload, queue, parse,
 * chunk, embed, store in one transaction) against the bare embedder on the very same chunk texts, and
 * against LangChain.js (`RecursiveCharacterTextSplitter` + `PGVectorStore`, bench/support/langchain-baseline)
 * on the same documents, database and embedder, all in one run. Two rows, one after the other:
 * - `builtin`: the built-in hashing embedder, BENCH_DOCUMENTS documents (default 200);
 * - `transformers`: transformers.js on the generated MiniLM-shaped ONNX encoder that `npm run bench:slm`
 *   uses (hidden 384, random weights: its speed is a real encoder's, not its quality), on
 *   BENCH_TRANSFORMERS_DOCUMENTS documents (default 24, each 12 chunks: about 2 minutes on 2 busy cores).
 * The bare embedder's figure is the mean of a pass before the pipeline and one after LangChain. DATABASE_URL
 * selects PostgreSQL, else in-memory PGlite. Each row runs on a fresh collection whose documents are
 * deleted afterwards, so runs do not grow the shared HNSW index.
 *
 * The last line is one JSON object: `{ bench: 'ingest', database, runs: [row, row] }`, each row
 * `{ embedder, documents, chunks, bare_embedder_chunks_per_s, pipeline_chunks_per_s, pipeline_vs_embedder,
 * langchain_chunks, langchain_chunks_per_s, langchain_vs_embedder }` (when the baseline cannot run, one
 * `langchain` key with the reason replaces the three langchain_* keys).
 */
import { Database } from '@app/core';
import { chunkDocument, DEFAULT_CHUNK_OPTIONS, loadRagConfig, parseDocument } from '@app/rag';
import { Embedder, ModelRegistry } from '@app/slm';
import { ensureBenchEncoder } from '@app/slm/testing';
import { openKnowledgeRuntime } from '../libs/rag/src/cli/knowledge-runtime';
import { markdownDocument, round } from './support/synthetic-corpus';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);
const TRANSFORMERS_DOCUMENTS = Number(process.env.BENCH_TRANSFORMERS_DOCUMENTS ?? 24);

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

/** LangChain's own splitter decides its chunk count; the row compares its speed with the same bare embedder. */
async function langchainIngest(
  langchain: LangchainModule | string,
  database: Database,
  embedder: Embedder,
  documents: string[],
): Promise<{ chunks: number; seconds: number } | string> {
  if (typeof langchain === 'string') return langchain;
  const baseline = await langchain.openLangchainBaseline({ pool: database.pool, embedder });
  try {
    const started = process.hrtime.bigint();
    const { chunks } = await baseline.ingest(documents.map((text, i) => ({ id: `doc-${i}`, title: '', text })));
    return { chunks, seconds: secondsSince(started) };
  } finally {
    await baseline.close();
  }
}

async function measure(spec: string, count: number, langchain: LangchainModule | string) {
  process.env.SLM_EMBEDDER = spec; // the runtime's configured embedder, which its new collection gets
  const documents = Array.from({ length: count }, (_, i) => markdownDocument(i));
  const runtime = await openKnowledgeRuntime(`bench-ingest-${spec.split(':')[0]}`);
  const database = runtime.app.get(Database);
  try {
    const texts = await chunkTexts(documents);
    const embedder = runtime.app.get(ModelRegistry).embedder();
    const batch = loadRagConfig().EMBED_BATCH_SIZE;
    await embedder.embed(texts.slice(0, batch)); // loads the model: not part of any figure
    const bareBefore = await bareEmbedderSeconds(texts, embedder, batch);
    const started = process.hrtime.bigint();
    const stored = await runtime.ingest(
      documents.map((text, i) => ({
        title: '',
        sourceKind: 'file' as const,
        sourceKey: `file:doc-${i}.md`,
        filename: `doc-${i}.md`,
        bytes: Buffer.from(text),
      })),
    );
    const pipeline = texts.length / secondsSince(started);
    await database.pool.query('DELETE FROM documents WHERE collection_id = $1', [runtime.collectionId]);
    // Dead rows stay in the HNSW graph until vacuumed, and later inserts would walk them.
    if (runtime.databaseKind === 'postgres') await database.pool.query('VACUUM chunk_embeddings, chunks');
    const baseline = await langchainIngest(langchain, database, embedder, documents);
    // The bare embedder runs before and after the other two, so load from other processes that comes
    // and goes during the run weighs on the reference as on them.
    const bare = (2 * texts.length) / (bareBefore + (await bareEmbedderSeconds(texts, embedder, batch)));
    const langchainFigures: LangchainFigures =
      typeof baseline === 'string'
        ? { langchain: baseline }
        : {
            langchain_chunks: baseline.chunks,
            langchain_chunks_per_s: round(baseline.chunks / baseline.seconds, 1),
            langchain_vs_embedder: round(baseline.chunks / baseline.seconds / bare, 3),
          };
    return {
      database: runtime.databaseKind,
      row: {
        embedder: embedder.id,
        documents: stored.length,
        chunks: texts.length,
        bare_embedder_chunks_per_s: round(bare, 1),
        pipeline_chunks_per_s: round(pipeline, 1),
        pipeline_vs_embedder: round(pipeline / bare, 3),
        ...langchainFigures,
      },
    };
  } finally {
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
