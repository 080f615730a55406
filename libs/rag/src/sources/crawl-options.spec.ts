import { crawlOptions, describeInvalidCrawl } from './crawl-options';

describe('crawl options', () => {
  it('fills in the defaults; no crawl at all is the single page', () => {
    expect(crawlOptions({})).toEqual({ sitemap: false, maxPages: 50, maxDepth: 2, resyncEveryMinutes: null });
    expect(crawlOptions({ sitemap: true, maxPages: 5, resyncEveryMinutes: 60 })).toEqual({
      sitemap: true,
      maxPages: 5,
      maxDepth: 2,
      resyncEveryMinutes: 60,
    });
    expect(crawlOptions(undefined)).toEqual({ sitemap: false, maxPages: 1, maxDepth: 0, resyncEveryMinutes: null });
  });

  it('names the first option out of range', () => {
    expect(describeInvalidCrawl({ maxPages: 1000, maxDepth: 0, resyncEveryMinutes: 5 })).toBeNull();
    expect(describeInvalidCrawl({ maxPages: 0 })).toBe(
      'crawl.maxPages: expected a whole number from 1 to 1000 (got 0)',
    );
    expect(describeInvalidCrawl({ maxDepth: 2.5 })).toBe(
      'crawl.maxDepth: expected a whole number from 0 to 10 (got 2.5)',
    );
    expect(describeInvalidCrawl({ resyncEveryMinutes: 43201 })).toBe(
      'crawl.resyncEveryMinutes: expected a whole number from 5 to 43200 (got 43201)',
    );
  });
});
