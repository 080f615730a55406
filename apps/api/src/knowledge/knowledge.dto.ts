import { z } from 'zod';
import {
  Collection,
  CRAWL_LIMITS,
  describeInvalidRootUrl,
  DOCUMENT_STATUSES,
  DocumentRecord,
  RetrievedChunk,
  UrlSource,
} from '@app/rag';

export const uuidSchema = z.string().uuid('expected a UUID');

export const createCollectionSchema = z
  .object({ name: z.string().trim().min(1, 'expected 1 to 200 characters').max(200, 'expected 1 to 200 characters') })
  .strict();
export type CreateCollectionDto = z.infer<typeof createCollectionSchema>;

export const updateCollectionSchema = z
  .object({
    embedder: z
      .string({ message: 'expected a model spec such as builtin:hash@dim=256' })
      .trim()
      .min(1, 'expected a model spec such as builtin:hash@dim=256')
      .max(500, 'expected at most 500 characters'),
  })
  .strict();
export type UpdateCollectionDto = z.infer<typeof updateCollectionSchema>;

const metadataSchema = z.record(z.unknown()).optional();

/** The JSON forms of a document upload: a text with its title, or a URL to fetch. */
export const textDocumentSchema = z
  .object({
    title: z.string().trim().min(1, 'expected 1 to 500 characters').max(500, 'expected 1 to 500 characters'),
    text: z.string().min(1, 'expected some text'),
    metadata: metadataSchema,
  })
  .strict();
export type TextDocumentDto = z.infer<typeof textDocumentSchema>;

const wholeNumber = (min: number, max: number) =>
  z
    .number({ message: `expected a whole number from ${min} to ${max}` })
    .int(`expected a whole number from ${min} to ${max}`)
    .min(min, `expected a whole number from ${min} to ${max}`)
    .max(max, `expected a whole number from ${min} to ${max}`);

/** `{ url }`: that one page; `{ url, crawl: {...} }`: a crawl of its site, optionally re-synced on a schedule. */
export const urlSourceSchema = z
  .object({
    url: z
      .string({ message: 'expected an http or https URL' })
      .max(2048, 'expected at most 2048 characters')
      .superRefine((value, context) => {
        const problem = describeInvalidRootUrl(value);
        if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
    crawl: z
      .object({
        sitemap: z.boolean({ message: 'expected true or false' }).optional(),
        maxPages: wholeNumber(1, CRAWL_LIMITS.maxPages.max).optional(),
        maxDepth: wholeNumber(0, CRAWL_LIMITS.maxDepth.max).optional(),
        resyncEveryMinutes: wholeNumber(
          CRAWL_LIMITS.resyncEveryMinutes.min,
          CRAWL_LIMITS.resyncEveryMinutes.max,
        ).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type UrlSourceDto = z.infer<typeof urlSourceSchema>;

/** A JSON upload body naming a `url` is a URL source, whatever else it holds (the schema then says what is wrong). */
export const isUrlSourceBody = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && 'url' in body;

export const listDocumentsSchema = z
  .object({
    status: z.enum(DOCUMENT_STATUSES, { message: `expected one of ${DOCUMENT_STATUSES.join(', ')}` }).optional(),
    limit: z.coerce.number().int().min(1, 'expected 1 to 100').max(100, 'expected 1 to 100').default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListDocumentsDto = z.infer<typeof listDocumentsSchema>;

export const retrieveSchema = z
  .object({
    collectionIds: z.array(uuidSchema).min(1, 'expected at least one collection').max(20, 'expected at most 20'),
    query: z.string().trim().min(1, 'expected 1 to 2000 characters').max(2000, 'expected 1 to 2000 characters'),
    k: z.number().int().min(1, 'expected 1 to 50').max(50, 'expected 1 to 50').default(5),
    filters: z
      .object({ metadata: z.record(z.unknown()).optional(), documentIds: z.array(uuidSchema).max(1000).optional() })
      .strict()
      .optional(),
    mode: z.enum(['hybrid', 'vector', 'fulltext']).default('hybrid'),
  })
  .strict();
export type RetrieveDto = z.infer<typeof retrieveSchema>;

export function toCollectionView(collection: Collection & { reembedding?: { to: string; progress: number } | null }) {
  return {
    id: collection.id,
    name: collection.name,
    embedder: collection.embedder,
    dimensions: collection.dimensions,
    nextEmbedder: collection.nextEmbedder,
    reembedding: collection.reembedding ?? null,
    createdAt: collection.createdAt.toISOString(),
    updatedAt: collection.updatedAt.toISOString(),
  };
}

export function toDocumentView(document: DocumentRecord) {
  return {
    id: document.id,
    collectionId: document.collectionId,
    title: document.title,
    sourceKind: document.sourceKind,
    sourceUrl: document.sourceUrl,
    filename: document.filename,
    mediaType: document.mediaType,
    byteSize: document.byteSize,
    contentHash: document.contentHash,
    status: document.status,
    progress: document.progress,
    chunkCount: document.chunkCount,
    error: document.error,
    metadata: document.metadata,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

export function toRetrievedView(hit: RetrievedChunk) {
  return {
    chunkId: hit.chunkId,
    documentId: hit.documentId,
    collectionId: hit.collectionId,
    documentTitle: hit.documentTitle,
    headingPath: hit.headingPath,
    sourceUrl: hit.sourceUrl,
    start: hit.start,
    end: hit.end,
    text: hit.text,
    score: hit.score,
    vectorRank: hit.vectorRank,
    textRank: hit.textRank,
  };
}

export function toUrlSourceView(source: UrlSource) {
  return {
    id: source.id,
    collectionId: source.collectionId,
    url: source.url,
    crawl: source.options,
    status: source.status,
    error: source.error,
    lastSync: source.lastSync,
    lastSyncedAt: source.lastSyncedAt?.toISOString() ?? null,
    nextSyncAt: source.nextSyncAt?.toISOString() ?? null,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}
