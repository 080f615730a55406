-- Up Migration

-- Console login finds a user by email before it knows the tenant (emails are unique per tenant only).
CREATE INDEX users_email_idx ON users (email);

-- First responses of POSTs sent with an Idempotency-Key, replayed to retries for 24 hours. The scope
-- names the caller (API key, console user or credential hash), the method and the path. Responses are
-- sealed with a key derived from SEED_SECRET_KEY: one may hold a secret shown once (a new API key).
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  request_hash text NOT NULL,
  state text NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress', 'completed', 'streamed')),
  status_code int,
  sealed_response bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Down Migration
DROP TABLE idempotency_keys;
DROP INDEX users_email_idx;
