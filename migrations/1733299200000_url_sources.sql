-- Up Migration

-- A website (or one page) a collection keeps in sync. Each crawled page is an ordinary document
-- (source_kind 'url'); this row holds what to crawl and when. Scheduling is in the data, not in a
-- queue: `next_sync_at` says when the sweep queues the next sync, and `lease_until` marks a sync
-- that is running (a crashed one expires and is picked up again).
CREATE TABLE url_sources (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  root_url text NOT NULL,
  -- { sitemap, maxPages, maxDepth, resyncEveryMinutes }
  options jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'syncing', 'ready', 'failed')),
  error text,
  last_sync jsonb,
  last_synced_at timestamptz,
  next_sync_at timestamptz,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (collection_id, root_url)
);
CREATE INDEX url_sources_listing_idx ON url_sources (tenant_id, collection_id, created_at);
CREATE INDEX url_sources_due_idx ON url_sources (next_sync_at) WHERE next_sync_at IS NOT NULL;

-- Down Migration
DROP TABLE url_sources;
