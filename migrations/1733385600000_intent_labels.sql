-- Up Migration

-- Teacher labels for distillation: the intent a human agent (or the CRM) decided for one visitor message.
-- `text` is the message with PII replaced by placeholders: a training set never holds raw PII.
-- `source` 'escalation' is reserved: the escalation model gives no intent label yet.
CREATE TABLE intent_labels (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  text text NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  source text NOT NULL CHECK (source IN ('human', 'escalation')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (message_id)
);
CREATE INDEX intent_labels_agent_idx ON intent_labels (tenant_id, agent_id);

-- Which intent_models versions were distilled, and what their held-out teacher labels are compared with.
CREATE TABLE intent_distillations (
  model_id uuid PRIMARY KEY REFERENCES intent_models (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- The last `teacher_examples` of the version's examples are teacher labels; the rest came from the
  -- version that was active when distillation started.
  teacher_examples int NOT NULL CHECK (teacher_examples >= 0),
  compared_model_id uuid REFERENCES intent_models (id) ON DELETE SET NULL,
  compared_version int,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE intent_distillations;
DROP TABLE intent_labels;
