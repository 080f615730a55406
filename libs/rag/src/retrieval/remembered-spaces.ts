import type { Collection } from '../collections/collections.repository';

/** What the vector search needs to know of a collection before its row is read. */
export type CollectionSpace = Pick<Collection, 'id' | 'embedder' | 'dimensions'>;

/** Past this many entries the memory starts over: it is a hint, so forgetting costs one round trip. */
const MAX_ENTRIES = 10_000;

/**
 * The embedder and dimension each collection had when last read, so a search can embed the question
 * and query its vector space without reading the row first. Only a guess: the vector query itself
 * confirms each collection's tenant and embedder, and the caller reads the rows when it was wrong.
 */
export class RememberedSpaces {
  private readonly byCollection = new Map<string, CollectionSpace>();

  /** The remembered spaces of all `ids`, or null when any is unknown. */
  recall(tenantId: string, ids: string[]): CollectionSpace[] | null {
    const spaces: CollectionSpace[] = [];
    for (const id of ids) {
      const space = this.byCollection.get(`${tenantId}:${id}`);
      if (!space) return null;
      spaces.push(space);
    }
    return spaces;
  }

  remember(tenantId: string, collections: CollectionSpace[]): void {
    if (this.byCollection.size + collections.length > MAX_ENTRIES) this.byCollection.clear();
    for (const { id, embedder, dimensions } of collections) {
      this.byCollection.set(`${tenantId}:${id}`, { id, embedder, dimensions });
    }
  }
}
