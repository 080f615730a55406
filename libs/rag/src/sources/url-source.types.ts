export const URL_SOURCE_STATUSES = ['queued', 'syncing', 'ready', 'failed'] as const;
export type UrlSourceStatus = (typeof URL_SOURCE_STATUSES)[number];

/** How far a source reaches; the same for every sync of the source. */
export interface CrawlOptions {
  /** Take the pages from the site's sitemap instead of following links. */
  sitemap: boolean;
  maxPages: number;
  /** Link hops from the root (0: the root page only). Not used with `sitemap`. */
  maxDepth: number;
  /** Null: synced once (and on demand). */
  resyncEveryMinutes: number | null;
}

export const CRAWL_LIMITS = {
  maxPages: { default: 50, max: 1000 },
  maxDepth: { default: 2, max: 10 },
  resyncEveryMinutes: { min: 5, max: 60 * 24 * 30 },
} as const;

/** A plain `{ url }` upload: the one page, fetched like any source (robots.txt included). */
export const SINGLE_PAGE: CrawlOptions = { sitemap: false, maxPages: 1, maxDepth: 0, resyncEveryMinutes: null };

/** What the last sync did, for the API and the CLI. */
export interface SyncReport {
  pagesFetched: number;
  documentsChanged: number;
  documentsUnchanged: number;
  pagesSkipped: number;
  /** Documents created or updated by this sync (their ingestion is queued). */
  changedDocumentIds: string[];
  /** Pages left out and why (the first few). */
  issues: { url: string; reason: string }[];
}

export interface UrlSource {
  id: string;
  tenantId: string;
  collectionId: string;
  url: string;
  options: CrawlOptions;
  status: UrlSourceStatus;
  error: string | null;
  lastSync: SyncReport | null;
  lastSyncedAt: Date | null;
  /** When the sweep queues the next sync; null when none is scheduled. */
  nextSyncAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UrlSourceJobData {
  tenantId: string;
  sourceId: string;
}
