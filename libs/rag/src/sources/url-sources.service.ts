import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { CollectionsService } from '../collections/collections.service';
import { describeInvalidRootUrl, normalizeUrl } from './crawl-url';
import { crawlOptions, CrawlRequest, describeInvalidCrawl } from './crawl-options';
import { UrlSource } from './url-source.types';
import { UrlSourcesProducer } from './url-sources.producer';
import { UrlSourcesRepository } from './url-sources.repository';

@Injectable()
export class UrlSourcesService {
  constructor(
    private readonly sources: UrlSourcesRepository,
    private readonly collections: CollectionsService,
    private readonly producer: UrlSourcesProducer,
  ) {}

  /**
   * Adds a URL source (or updates the one with the same URL in the collection) and queues its first
   * sync. Without `crawl` it is the single page; with it, a crawl with the defaults filled in.
   */
  async create(tenantId: string, collectionId: string, url: string, crawl?: CrawlRequest): Promise<UrlSource> {
    const invalid = describeInvalidRootUrl(url);
    if (invalid) throw new DomainError(ErrorCode.ValidationFailed, `url: ${invalid}`);
    const outOfRange = crawl && describeInvalidCrawl(crawl);
    if (outOfRange) throw new DomainError(ErrorCode.ValidationFailed, outOfRange);
    await this.collections.get(tenantId, collectionId);
    const source = await this.sources.upsert(tenantId, collectionId, normalizeUrl(url)!, crawlOptions(crawl));
    if (source.status === 'queued') await this.queue(source);
    return source;
  }

  async list(tenantId: string, collectionId: string): Promise<UrlSource[]> {
    await this.collections.get(tenantId, collectionId);
    return this.sources.listByCollection(tenantId, collectionId);
  }

  async get(tenantId: string, id: string): Promise<UrlSource> {
    const source = await this.sources.findById(tenantId, id);
    if (!source) throw new NotFoundError('source', id);
    return source;
  }

  /** Stops re-syncing; the documents already crawled stay in the collection. */
  async delete(tenantId: string, id: string): Promise<void> {
    if (!(await this.sources.delete(tenantId, id))) throw new NotFoundError('source', id);
  }

  /** Queues a sync now; a source that is syncing already is returned as it is (one sync at a time). */
  async syncNow(tenantId: string, id: string): Promise<UrlSource> {
    const due = await this.sources.requestSync(tenantId, id);
    if (!due) return this.get(tenantId, id);
    await this.queue(due);
    return due;
  }

  private async queue(source: UrlSource): Promise<void> {
    if (source.nextSyncAt) await this.producer.enqueue({ ...source, nextSyncAt: source.nextSyncAt });
  }
}
