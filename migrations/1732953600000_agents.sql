-- Up Migration

-- An agent's behaviour (persona, knowledge, thresholds, handoff rules, tools) lives in `settings`:
-- it is read and written as a whole, validated by the application. Tool header values inside it are
-- encrypted (AES-256-GCM) before they reach this table.
CREATE TABLE agents (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, slug)
);
CREATE INDEX agents_listing_idx ON agents (tenant_id, created_at, id);

-- Every trained version is kept, so activating an older one is a rollback. At most one version per
-- agent is active; the pipeline loads that one.
CREATE TABLE intent_models (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  version int NOT NULL CHECK (version >= 1),
  status text NOT NULL DEFAULT 'training' CHECK (status IN ('training', 'ready', 'failed')),
  examples jsonb NOT NULL,
  weights jsonb,
  metrics jsonb,
  error text,
  active boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  trained_at timestamptz,
  UNIQUE (agent_id, version)
);
CREATE INDEX intent_models_tenant_idx ON intent_models (tenant_id, agent_id, version DESC);
CREATE UNIQUE INDEX intent_models_one_active_idx ON intent_models (agent_id) WHERE active;

-- Down Migration
DROP TABLE intent_models;
DROP TABLE agents;
