-- Up Migration

-- A tenant's subscription of one URL to some events. The signing secret is needed in clear to sign
-- each delivery, so it is stored sealed (AES-256-GCM under SEED_SECRET_KEY), never hashed.
CREATE TABLE webhooks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  events text[] NOT NULL CHECK (
    cardinality(events) > 0
    AND events <@ ARRAY['conversation.created', 'message.created', 'handoff.requested', 'conversation.resolved',
      'document.ready', 'document.failed']::text[]
  ),
  secret jsonb NOT NULL,
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_tenant_idx ON webhooks (tenant_id, created_at, id);

-- One row per (webhook, event): the delivery log. `payload` is the whole event envelope, so every
-- try (and a redelivery) sends the same body. Events reach several processes (Redis fan-out), so the
-- unique index is what makes one delivery of each: duplicates collapse on insert. A manual redelivery
-- is a new row pointing at the original, outside that index.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 300),
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
  attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_status_code int,
  last_error text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  redelivery_of uuid REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX webhook_deliveries_event_idx ON webhook_deliveries (webhook_id, event_id)
  WHERE redelivery_of IS NULL;
CREATE INDEX webhook_deliveries_listing_idx ON webhook_deliveries (tenant_id, webhook_id, created_at DESC, id DESC);
-- The worker's start-up sweep for deliveries whose job was never queued or was lost.
CREATE INDEX webhook_deliveries_open_idx ON webhook_deliveries (created_at) WHERE status IN ('pending', 'failed');

-- Down Migration
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
