-- Up Migration
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('admin', 'agent')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

-- Keys are stored as a SHA-256 hash plus a short public prefix for lookup and display; the secret
-- itself is shown once at creation and never stored.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT '',
  prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  scopes text[] NOT NULL CHECK (scopes <@ ARRAY['admin', 'agent', 'integration']::text[] AND cardinality(scopes) > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at);

-- The in-process queue's durable job table (embedded mode). BullMQ keeps its own state in Redis.
CREATE TABLE queue_jobs (
  queue text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  data jsonb NOT NULL,
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'active', 'completed', 'failed')),
  attempts_made int NOT NULL DEFAULT 0,
  max_attempts int NOT NULL,
  backoff_ms int NOT NULL,
  run_at timestamptz NOT NULL DEFAULT now(),
  failed_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (queue, id)
);
CREATE INDEX queue_jobs_pending_idx ON queue_jobs (queue, run_at) WHERE state IN ('waiting', 'active');

-- Down Migration
DROP TABLE queue_jobs;
DROP TABLE audit_log;
DROP TABLE api_keys;
DROP TABLE users;
DROP TABLE tenants;
