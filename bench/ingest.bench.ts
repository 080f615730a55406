/**
 * `npm run bench:ingest`: chunks per second through the whole ingestion pipeline (upload, queue, parse,
 * chunk, embed, store in one transaction) against the bare embedder on the very same chunk texts, in
 * one run. DATABASE_URL selects PostgreSQL, else in-memory PGlite; the JSON says which. Last line JSON.
 * (The LangChain PGVectorStore baseline is not run: @langchain/community does not install beside
 * @huggingface/transformers 4; see the README.)
 */
import { chunkDocument, DEFAULT_CHUNK_OPTIONS, loadRagConfig, parseDocument } from '@app/rag';
import { ModelRegistry } from '@app/slm';
import { openKnowledgeRuntime } from '../libs/rag/src/cli/knowledge-runtime';
import { markdownDocument, round } from './support/synthetic-corpus';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 200);

async function bareEmbedderChunksPerSecond(texts: string[], registry: ModelRegistry, batch: number): Promise<number> {
  const embedder = registry.embedder();
  const started = process.hrtime.bigint();
  for (let i = 0; i < texts.length; i += batch) await embedder.embed(texts.slice(i, i + batch));
  return texts.length / (Number(process.hrtime.bigint() - started) / 1e9);
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

async function main(): Promise<void> {
  const documents = Array.from({ length: DOCUMENTS }, (_, i) => markdownDocument(i));
  const runtime = await openKnowledgeRuntime('bench-ingest');
  try {
    const texts = await chunkTexts(documents);
    const registry = runtime.app.get(ModelRegistry);
    const bare = await bareEmbedderChunksPerSecond(texts, registry, loadRagConfig().EMBED_BATCH_SIZE);
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
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const pipeline = texts.length / seconds;
    console.log(
      JSON.stringify({
        bench: 'ingest',
        database: runtime.databaseKind,
        embedder: registry.embedder().id,
        documents: stored.length,
        chunks: texts.length,
        bare_embedder_chunks_per_s: round(bare, 0),
        pipeline_chunks_per_s: round(pipeline, 0),
        pipeline_vs_embedder: round(pipeline / bare, 3),
        langchain_pgvectorstore: 'not run: @langchain/community@1 peers @huggingface/transformers@3 (ERESOLVE)',
      }),
    );
  } finally {
    await runtime.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
