import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  CORE_CONFIG,
  CoreConfig,
  DomainError,
  ErrorCode,
  JobProcessor,
  OutboundGuard,
  QueueJob,
  QueueProcessor,
} from '@app/core';
import { RAG_CONFIG, RagConfig } from '../config/rag-config';
import { DocumentSource } from '../documents/document.types';
import { DocumentsService } from '../documents/documents.service';
import { detectDocumentType } from '../parsing/detect-document-type';
import { UnsupportedDocumentType } from '../parsing/document.exceptions';
import { fetchPage, FetchedPage } from './page-fetcher';
import { CrawlFailed, SiteCrawler } from './site-crawler';
import { SyncReport, UrlSource, UrlSourceJobData } from './url-source.types';
import { CRAWLER_TOKEN, CRAWLER_USER_AGENT, URL_SOURCES_CONFIG, UrlSourcesConfig } from './url-sources.config';
import { URL_SOURCES_QUEUE } from './url-sources.producer';
import { UrlSourcesRepository } from './url-sources.repository';

/** The source or its collection was deleted during the sync: nothing is left to record. */
class SourceGone extends Error {}

/** The process is shutting down: the sync stops between pages and is due again at once. */
class SyncInterrupted extends Error {}

const MAX_REPORTED_ISSUES = 20;

/**
 * One sync of a URL source: crawl, and hand each page to the documents service exactly as an upload
 * would (same size and type checks, same content hash). An unchanged page is a no-op there; a changed
 * one is queued for ingestion, which replaces its chunks. Pages that vanished from the site since the
 * last sync are left in the collection: a page missing from one crawl may be a transient error, a
 * moved link or the page limit, and erasing knowledge on such a guess is worse than keeping a stale
 * page an admin can delete.
 */
@QueueProcessor(URL_SOURCES_QUEUE)
export class UrlSourceSyncProcessor implements JobProcessor<UrlSourceJobData>, OnModuleDestroy {
  private readonly logger = new Logger('UrlSources');
  private readonly crawler: SiteCrawler;
  private readonly leaseMs: number;
  private stopping = false;

  constructor(
    private readonly sources: UrlSourcesRepository,
    private readonly documents: DocumentsService,
    @Inject(URL_SOURCES_CONFIG) config: UrlSourcesConfig,
    @Inject(RAG_CONFIG) rag: RagConfig,
    @Inject(CORE_CONFIG) private readonly core: CoreConfig,
    guard: OutboundGuard,
  ) {
    const options = {
      timeoutMs: config.URL_FETCH_TIMEOUT_MS,
      maxBytes: rag.UPLOAD_MAX_BYTES,
      userAgent: CRAWLER_USER_AGENT,
      guard,
    };
    this.crawler = new SiteCrawler((url, origin) => fetchPage(url, origin, options), CRAWLER_TOKEN);
    // Renewed after every page; long enough for one slow fetch plus a crawl delay.
    this.leaseMs = Math.max(60_000, 4 * config.URL_FETCH_TIMEOUT_MS);
  }

  /**
   * Runs before the queue closes (which waits for running jobs): a long crawl then ends at the next
   * page instead of holding up the shutdown, and the sweep of any worker picks the source up again.
   */
  onModuleDestroy(): void {
    this.stopping = true;
  }

  async handle(job: QueueJob<UrlSourceJobData>): Promise<void> {
    const { tenantId, sourceId } = job.data;
    const source = await this.sources.acquireLease(tenantId, sourceId, this.leaseMs);
    if (!source) return; // synced already, deleted, or another worker holds it
    const report: SyncReport = {
      pagesFetched: 0,
      documentsChanged: 0,
      documentsUnchanged: 0,
      pagesSkipped: 0,
      changedDocumentIds: [],
      issues: [],
    };
    try {
      await this.sync(source, report);
      await this.sources.finishSync(tenantId, sourceId, { status: 'ready', error: null, report });
      this.logger.log(`source ${sourceId}: ${report.documentsChanged} changed, ${report.documentsUnchanged} unchanged`);
    } catch (error) {
      if (error instanceof SourceGone) return;
      if (error instanceof SyncInterrupted) return this.sources.releaseLease(tenantId, sourceId);
      if (error instanceof CrawlFailed) return this.fail(source, error.reason, report);
      if (job.attemptsMade + 1 >= this.core.QUEUE_ATTEMPTS) {
        await this.fail(source, `sync failed: ${(error as Error).message}`, report);
      } else {
        await this.sources.releaseLease(tenantId, sourceId);
      }
      throw error;
    }
  }

  private async sync(source: UrlSource, report: SyncReport): Promise<void> {
    for await (const item of this.crawler.crawl(source.url, source.options)) {
      if (this.stopping) throw new SyncInterrupted();
      if (!(await this.sources.renewLease(source.tenantId, source.id, this.leaseMs))) throw new SourceGone();
      if (item.kind === 'issue') {
        this.skip(report, item.url, item.reason);
        continue;
      }
      report.pagesFetched++;
      await this.store(source, item.page, report);
    }
  }

  private async store(source: UrlSource, page: FetchedPage, report: SyncReport): Promise<void> {
    const unsupported = describeUnsupported(page);
    if (unsupported) return this.skip(report, page.url, unsupported);
    try {
      const [{ document, changed }] = await this.documents.upload(source.tenantId, source.collectionId, [
        documentSourceOf(page, source.id),
      ]);
      if (!changed) {
        report.documentsUnchanged++;
        return;
      }
      report.documentsChanged++;
      report.changedDocumentIds.push(document.id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === ErrorCode.NotFound) throw new SourceGone();
      this.skip(report, page.url, error.message);
    }
  }

  private skip(report: SyncReport, url: string, reason: string): void {
    report.pagesSkipped++;
    if (report.issues.length < MAX_REPORTED_ISSUES) report.issues.push({ url, reason });
  }

  private async fail(source: UrlSource, reason: string, report: SyncReport): Promise<void> {
    this.logger.warn(`source ${source.id} (${source.url}) failed: ${reason}`);
    await this.sources.finishSync(source.tenantId, source.id, { status: 'failed', error: reason, report });
  }
}

/** Images, archives and the like are not documents: skipped with the reason the upload would give. */
function describeUnsupported(page: FetchedPage): string | null {
  try {
    detectDocumentType(page.bytes, undefined, page.mediaType ?? undefined);
    return null;
  } catch (error) {
    // A damaged document is stored and fails in the pipeline with its reason, as an upload would.
    return error instanceof UnsupportedDocumentType ? error.reason : null;
  }
}

/** A page as a document: its URL is its identity in the collection; the parser finds its title. */
function documentSourceOf(page: FetchedPage, sourceId: string): DocumentSource {
  return {
    title: '',
    sourceKind: 'url',
    sourceKey: `url:${page.url}`,
    sourceUrl: page.url,
    mediaType: page.mediaType ?? undefined,
    bytes: page.bytes,
    metadata: { urlSourceId: sourceId },
  };
}
