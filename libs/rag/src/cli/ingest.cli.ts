import type { INestApplicationContext } from '@nestjs/common';
import { INGEST_USAGE, IngestArgs, parseIngestArgs, UsageError } from './ingest-args';
import { FileListing, listIngestFiles } from './ingest-files';
import { IngestRun, openIngestContext } from './ingest-run';
import { IngestTracker } from './ingest-tracker';

/**
 * `npm run ingest -- <file|dir|url> --collection <id> [--recursive]`: bulk loads into a collection of
 * the configured database. stdout gets one JSON line, last: {documents, ready, failed, chunks, seconds}.
 * Exit codes: 0 all ready, 1 some failed (reasons on stderr) or the run could not start, 2 bad usage.
 */
async function main(started: number): Promise<number> {
  const args = parseIngestArgs(process.argv.slice(2));
  // Bad paths are usage errors, found before the database is opened.
  const listing = args.kind === 'files' ? await listIngestFiles(args.path, args.recursive) : null;
  let app: INestApplicationContext;
  try {
    app = await openIngestContext();
  } catch (error) {
    // e.g. the embedded database's lock: `npm start` holds DATA_DIR, and its message says so.
    process.stderr.write(`ingest: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const tenantId = await IngestRun.collectionOwner(app, args.collectionId);
    if (!tenantId) throw new UsageError(`--collection: no collection ${args.collectionId} in this database`, false);
    return await load(
      new IngestRun(app, tenantId, args.collectionId, new IngestTracker(listing?.files.length ?? 0)),
      args,
      listing,
      started,
    );
  } finally {
    await app.close();
  }
}

async function load(run: IngestRun, args: IngestArgs, listing: FileListing | null, started: number): Promise<number> {
  let extra: Record<string, unknown> = {};
  let sourceFailed = false;
  if (args.kind === 'files' && listing) {
    if (listing.skippedFolders > 0) {
      process.stderr.write(
        `skipping ${listing.skippedFolders} subfolder(s) of ${args.path}; add --recursive to load them\n`,
      );
    }
    if (listing.files.length === 0) process.stderr.write(`no files to load in ${args.path}\n`);
    await run.uploadFiles(listing.files);
  } else if (args.kind === 'url') {
    const source = await run.crawl(args.url, args.crawl);
    const report = source.lastSync;
    process.stderr.write(
      `crawled ${report?.pagesFetched ?? 0} page(s): ${report?.documentsChanged ?? 0} new or changed, ` +
        `${report?.documentsUnchanged ?? 0} unchanged, ${report?.pagesSkipped ?? 0} skipped\n`,
    );
    for (const issue of report?.issues ?? []) process.stderr.write(`  skipped ${issue.url}: ${issue.reason}\n`);
    if (source.status === 'failed') process.stderr.write(`source failed: ${source.error}\n`);
    sourceFailed = source.status === 'failed';
    extra = { source: source.id, pages: report?.pagesFetched ?? 0, unchanged: report?.documentsUnchanged ?? 0 };
  }
  await run.waitForDocuments();
  const failures = run.tracker.failures();
  if (failures.length > 0 && process.stderr.isTTY) {
    process.stderr.write(`${failures.length} failed:\n`);
    for (const failure of failures) process.stderr.write(`  ${failure.label}: ${failure.error}\n`);
  }
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  process.stdout.write(`${JSON.stringify({ ...run.tracker.summary(), seconds, ...extra })}\n`);
  return failures.length > 0 || sourceFailed ? 1 : 0;
}

const started = Date.now();
main(started).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`ingest: ${error.message}\n${error.showUsage ? `${INGEST_USAGE}\n` : ''}`);
      process.exit(2);
    }
    process.stderr.write(`ingest failed: ${(error as Error)?.message ?? error}\n`);
    if (process.env.LOG_LEVEL === 'debug') console.error(error);
    process.exit(1);
  },
);
