import { parseArgs } from 'node:util';
import { CrawlRequest, describeInvalidCrawl } from '../sources/crawl-options';

export const INGEST_USAGE = `usage: npm run ingest -- <file|dir|url> --collection <id> [--recursive]
  <file|dir>            a file, or the files of a folder (hidden files skipped; --recursive for subfolders)
  <url>                 an http(s) URL: crawled as a URL source of the collection
    --sitemap           take the pages from the site's sitemap instead of following links
    --max-pages <n>     at most n pages (default 50, at most 1000)
    --max-depth <n>     link hops from the URL (default 2; 0: that page only)
    --resync-every <m>  re-sync every m minutes (at least 5), done by the running worker`;

/** Bad command line: exit code 2 with the message (and the usage, when the command line itself is wrong). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}

export type IngestArgs =
  | { kind: 'files'; path: string; collectionId: string; recursive: boolean }
  | { kind: 'url'; url: string; collectionId: string; crawl: CrawlRequest };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseIngestArgs(argv: string[]): IngestArgs {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('expected one file, folder or URL');
  const collectionId = values.collection?.trim();
  if (!collectionId) throw new UsageError('--collection: the id of the collection to load into is required');
  if (!UUID.test(collectionId))
    throw new UsageError(`--collection: expected a collection id (UUID), got "${collectionId}"`);
  const target = positionals[0];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    return { kind: 'files', path: target, collectionId, recursive: values.recursive ?? false };
  }
  if (!/^https?:\/\//i.test(target)) throw new UsageError(`${target}: only http and https URLs can be crawled`);
  const crawl: CrawlRequest = {
    sitemap: values.sitemap,
    maxPages: wholeNumber('--max-pages', values['max-pages']),
    maxDepth: wholeNumber('--max-depth', values['max-depth']),
    resyncEveryMinutes: wholeNumber('--resync-every', values['resync-every']),
  };
  const invalid = describeInvalidCrawl(crawl);
  if (invalid) throw new UsageError(invalid);
  return { kind: 'url', url: target, collectionId, crawl };
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      collection: { type: 'string' },
      recursive: { type: 'boolean' },
      sitemap: { type: 'boolean' },
      'max-pages': { type: 'string' },
      'max-depth': { type: 'string' },
      'resync-every': { type: 'string' },
    },
  });
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag}: expected a whole number, got "${value}"`);
  return Number(value);
}
