-- Up Migration

-- A collection's embedder fixes the dimension of its vectors. Re-embedding with another embedder
-- writes a second set of vectors beside the first; queries keep using `embedder` until the switch.
CREATE TABLE collections (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  embedder text NOT NULL,
  dimensions int NOT NULL CHECK (dimensions BETWEEN 1 AND 4096),
  next_embedder text,
  next_dimensions int,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE TABLE documents (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  title text NOT NULL DEFAULT '',
  source_kind text NOT NULL CHECK (source_kind IN ('file', 'text', 'url')),
  -- Identity of the source within the collection (file name, URL, or title): uploading the same
  -- source again updates this document instead of adding a second one.
  source_key text NOT NULL,
  source_url text,
  filename text,
  media_type text,
  byte_size int NOT NULL DEFAULT 0,
  content_hash text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
  progress int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  chunk_count int NOT NULL DEFAULT 0,
  error text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_listing_idx ON documents (tenant_id, collection_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX documents_source_idx ON documents (collection_id, source_key);

-- Original bytes, so any worker can (re)process a document; deleted with it.
CREATE TABLE document_files (
  document_id uuid PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL,
  bytes bytea NOT NULL
);

CREATE TABLE chunks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ordinal int NOT NULL,
  text text NOT NULL,
  heading_path text[] NOT NULL DEFAULT '{}',
  start_offset int NOT NULL,
  end_offset int NOT NULL,
  tsv tsvector NOT NULL,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX chunks_collection_idx ON chunks (collection_id);
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);

-- Vectors live beside chunks, one row per (chunk, embedder). The column has no fixed dimension so
-- collections may use different embedders; each dimension in use gets its own partial HNSW index on
-- `embedding::vector(n)`, created by the repository when a collection first needs it.
CREATE TABLE chunk_embeddings (
  chunk_id uuid NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
  embedder text NOT NULL,
  collection_id uuid NOT NULL,
  dimensions int NOT NULL,
  embedding vector NOT NULL,
  PRIMARY KEY (chunk_id, embedder)
);
CREATE INDEX chunk_embeddings_collection_idx ON chunk_embeddings (collection_id, embedder);

-- Down Migration
DROP TABLE chunk_embeddings;
DROP TABLE chunks;
DROP TABLE document_files;
DROP TABLE documents;
DROP TABLE collections;
