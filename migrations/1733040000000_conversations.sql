-- Up Migration

-- A person the tenant talks to. Each identity (CRM id, email, widget visitor id) is unique per tenant
-- when present, so upserting by any of them finds the same contact.
CREATE TABLE contacts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
  email text CHECK (length(email) BETWEEN 3 AND 320),
  visitor_id text CHECK (length(visitor_id) BETWEEN 1 AND 200),
  name text CHECK (length(name) <= 200),
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (external_id IS NOT NULL OR email IS NOT NULL OR visitor_id IS NOT NULL)
);
CREATE UNIQUE INDEX contacts_external_id_idx ON contacts (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX contacts_email_idx ON contacts (tenant_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX contacts_visitor_id_idx ON contacts (tenant_id, visitor_id) WHERE visitor_id IS NOT NULL;

-- `state` only moves through the handoff state machine, each change conditional on the state it was
-- read in. `last_seq` allocates message sequence numbers: incremented in the transaction that inserts.
CREATE TABLE conversations (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('widget', 'api', 'openai')),
  state text NOT NULL DEFAULT 'bot' CHECK (state IN ('bot', 'pending_human', 'human', 'resolved')),
  assignee_id uuid REFERENCES users (id) ON DELETE SET NULL,
  intent text,
  handoff_count int NOT NULL DEFAULT 0 CHECK (handoff_count >= 0),
  last_seq int NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  pending_confirmation jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX conversations_listing_idx ON conversations (tenant_id, updated_at DESC, id DESC);
CREATE INDEX conversations_state_idx ON conversations (tenant_id, state);
CREATE INDEX conversations_contact_idx ON conversations (tenant_id, contact_id);

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq int NOT NULL CHECK (seq >= 1),
  role text NOT NULL CHECK (role IN ('visitor', 'bot', 'human', 'system')),
  text text NOT NULL,
  citations jsonb NOT NULL DEFAULT '[]',
  trace jsonb,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, seq)
);

-- The public face of a tenant's chat widget: the site key is not a secret (it sits in the page), the
-- allowed origins are what keeps other sites from using it.
CREATE TABLE widget_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  site_key text NOT NULL UNIQUE CHECK (site_key ~ '^site_[0-9a-f]{24}$'),
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  theme jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE widget_settings;
DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE contacts;
