import { CRAWL_LIMITS, CrawlOptions, SINGLE_PAGE } from './url-source.types';

/** What a caller may say about a crawl; the rest takes the defaults. */
export type CrawlRequest = Partial<CrawlOptions>;

/** The first crawl option outside its range, described for the caller; null when all are fine. */
export function describeInvalidCrawl(crawl: CrawlRequest): string | null {
  const ranges: [keyof typeof CRAWL_LIMITS, number, number][] = [
    ['maxPages', 1, CRAWL_LIMITS.maxPages.max],
    ['maxDepth', 0, CRAWL_LIMITS.maxDepth.max],
    ['resyncEveryMinutes', CRAWL_LIMITS.resyncEveryMinutes.min, CRAWL_LIMITS.resyncEveryMinutes.max],
  ];
  for (const [name, min, max] of ranges) {
    const value = crawl[name];
    if (value === undefined || value === null) continue;
    if (!Number.isInteger(value) || value < min || value > max) {
      return `crawl.${name}: expected a whole number from ${min} to ${max} (got ${value})`;
    }
  }
  return null;
}

export function crawlOptions(crawl: CrawlRequest | undefined): CrawlOptions {
  if (!crawl) return SINGLE_PAGE;
  return {
    sitemap: crawl.sitemap ?? false,
    maxPages: crawl.maxPages ?? CRAWL_LIMITS.maxPages.default,
    maxDepth: crawl.maxDepth ?? CRAWL_LIMITS.maxDepth.default,
    resyncEveryMinutes: crawl.resyncEveryMinutes ?? null,
  };
}
