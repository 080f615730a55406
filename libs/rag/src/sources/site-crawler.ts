import { detectDocument } from '../parsing/detect-document-type';
import { looksLikeAsset, normalizeUrl } from './crawl-url';
import { extractHtmlLinks, parseSitemap } from './page-content';
import { FetchedPage, PageFetchError } from './page-fetcher';
import { ALLOW_ALL, parseRobotsTxt, RobotsRules } from './robots-txt';
import { CrawlOptions } from './url-source.types';

/** Fetches a URL within an origin (see `fetchPage`); injected so the crawler stays a plain class. */
export type PageFetch = (url: string, origin: string) => Promise<FetchedPage>;

export type CrawlItem = { kind: 'page'; page: FetchedPage } | { kind: 'issue'; url: string; reason: string };

/** The whole sync cannot go on (robots.txt unreadable, root refused or unreachable, no sitemap). */
export class CrawlFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CrawlFailed';
  }
}

interface Target {
  url: string;
  depth: number;
}

const MAX_SITEMAPS = 50;
const MAX_SITEMAP_URLS = 50_000;
const MAX_CRAWL_DELAY_SECONDS = 10;

/**
 * One pass over a site: robots.txt once, then either the sitemap's pages or a breadth-first walk of the
 * links from the root up to `maxDepth` hops, never leaving the root's origin, each normalised URL once,
 * at most `maxPages` fetches. Pages come out as they are fetched, so the caller stores them as it goes.
 */
export class SiteCrawler {
  constructor(
    private readonly fetch: PageFetch,
    private readonly productToken: string,
    private readonly sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms)),
  ) {}

  async *crawl(rootUrl: string, options: CrawlOptions): AsyncGenerator<CrawlItem> {
    const root = normalizeUrl(rootUrl);
    if (!root) throw new CrawlFailed(`${rootUrl} is not an http(s) URL`);
    const origin = new URL(root).origin;
    const robots = await this.readRobots(origin);
    if (!robots.isAllowed(root)) throw new CrawlFailed(`robots.txt of ${origin} disallows ${root} for SeedBot`);
    const frontier: Target[] = options.sitemap
      ? (await this.sitemapPages(root, origin, robots)).map((url) => ({ url, depth: 0 }))
      : [{ url: root, depth: 0 }];
    const seen = new Set(frontier.map((target) => target.url));
    const delayMs = Math.min(robots.crawlDelaySeconds ?? 0, MAX_CRAWL_DELAY_SECONDS) * 1000;
    let fetched = 0;
    while (frontier.length > 0 && fetched < options.maxPages) {
      const target = frontier.shift()!;
      if (!robots.isAllowed(target.url)) {
        yield { kind: 'issue', url: target.url, reason: 'disallowed by robots.txt' };
        continue;
      }
      if (fetched > 0 && delayMs > 0) await this.sleep(delayMs);
      fetched++;
      const outcome = await this.fetchTarget(target.url, origin);
      if (typeof outcome === 'string') {
        if (target.url === root && !options.sitemap) throw new CrawlFailed(`${root}: ${outcome}`);
        yield { kind: 'issue', url: target.url, reason: outcome };
        continue;
      }
      if (outcome.url !== target.url) {
        if (seen.has(outcome.url)) continue;
        seen.add(outcome.url);
      }
      const html = this.readHtml(outcome);
      if (html?.noindex) yield { kind: 'issue', url: outcome.url, reason: 'the page asks not to be indexed (noindex)' };
      else yield { kind: 'page', page: outcome };
      if (!html || html.nofollow || options.sitemap || target.depth >= options.maxDepth) continue;
      for (const link of html.links) {
        if (seen.has(link) || new URL(link).origin !== origin || looksLikeAsset(link)) continue;
        seen.add(link);
        frontier.push({ url: link, depth: target.depth + 1 });
      }
    }
  }

  /**
   * RFC 9309: a missing robots.txt (4xx) allows everything; one that cannot be read (5xx) allows
   * nothing, so the sync fails until it answers. A redirect off the origin allows everything here:
   * the root page then reports the redirect itself.
   */
  private async readRobots(origin: string): Promise<RobotsRules> {
    let response: FetchedPage;
    try {
      response = await this.fetch(`${origin}/robots.txt`, origin);
    } catch (error) {
      if (!(error instanceof PageFetchError)) throw error;
      if (error.redirect) return ALLOW_ALL;
      throw new CrawlFailed(`${origin} is unreachable: ${error.reason}`);
    }
    if (response.status >= 500) {
      throw new CrawlFailed(
        `${origin}/robots.txt answered HTTP ${response.status}; the site is not crawled until it answers`,
      );
    }
    if (response.status < 200 || response.status >= 300) return ALLOW_ALL;
    return parseRobotsTxt(response.bytes.toString('utf8'), this.productToken);
  }

  /** The sitemap's page URLs: the root itself when it is an .xml file, else robots.txt's Sitemap lines, else /sitemap.xml. */
  private async sitemapPages(root: string, origin: string, robots: RobotsRules): Promise<string[]> {
    const declared = robots.sitemaps
      .map((location) => normalizeUrl(location))
      .filter((url): url is string => url !== null && new URL(url).origin === origin);
    const pending = new URL(root).pathname.endsWith('.xml')
      ? [root]
      : declared.length
        ? declared
        : [`${origin}/sitemap.xml`];
    const visited = new Set<string>();
    const pages = new Set<string>();
    const problems: string[] = [];
    while (pending.length > 0 && visited.size < MAX_SITEMAPS && pages.size < MAX_SITEMAP_URLS) {
      const location = pending.shift()!;
      if (visited.has(location)) continue;
      visited.add(location);
      const outcome = await this.fetchTarget(location, origin);
      const sitemap = typeof outcome === 'string' ? null : parseSitemap(outcome.bytes.toString('utf8'));
      if (!sitemap) {
        problems.push(`${location}: ${typeof outcome === 'string' ? outcome : 'not a sitemap'}`);
        continue;
      }
      for (const entry of sitemap.locations) {
        const url = normalizeUrl(entry);
        if (!url || new URL(url).origin !== origin) continue;
        if (sitemap.kind === 'sitemapindex') pending.push(url);
        else pages.add(url);
      }
    }
    if (pages.size === 0 && problems.length > 0) throw new CrawlFailed(`no sitemap could be read (${problems[0]})`);
    return [...pages];
  }

  /** The fetched page, or why there is none. */
  private async fetchTarget(url: string, origin: string): Promise<FetchedPage | string> {
    try {
      const page = await this.fetch(url, origin);
      return page.status >= 200 && page.status < 300 ? page : `HTTP ${page.status}`;
    } catch (error) {
      if (error instanceof PageFetchError) return error.reason;
      throw error;
    }
  }

  private readHtml(page: FetchedPage) {
    try {
      if (detectDocument(page.bytes, undefined, page.mediaType ?? undefined).type !== 'html') return null;
    } catch {
      return null; // not a document at all: the upload reports why
    }
    return extractHtmlLinks(page.bytes.toString('utf8'), page.url, this.productToken);
  }
}
