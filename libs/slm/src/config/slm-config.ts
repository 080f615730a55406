import { ConfigError, env, parseEnv } from '@app/core';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelSettings } from './model-settings';
import { resolveModel, ResolveContext } from './resolve-model';
import { entailmentLabel, noEntailmentLabel } from '../runtime/entailment-model';
import { labelsOf, ModelKind } from './transformers-folder.validator';

/** Model roles and the variable naming each. Later features add their roles here. */
export const SLM_ROLES = {
  embedder: { variable: 'SLM_EMBEDDER', kind: 'embedder', required: true },
  generator: { variable: 'SLM_GENERATOR', kind: 'generator', required: true },
  escalation: { variable: 'SLM_ESCALATION', kind: 'generator', required: false },
  nli: { variable: 'SLM_NLI', kind: 'classifier', required: false },
} as const satisfies Record<string, { variable: string; kind: ModelKind; required: boolean }>;

export type SlmRole = keyof typeof SLM_ROLES;

const slmEnv = {
  SLM_EMBEDDER: z.string().default('builtin:hash'),
  SLM_GENERATOR: z.string().default('builtin:extractive'),
  /** Unset: no escalation model; the agents hand off to a human instead. */
  SLM_ESCALATION: z.string().optional(),
  /** Unset: the grounding check is lexical. Set: an NLI model judges whether each cited passage entails the sentence. */
  SLM_NLI: z.string().optional(),
  SLM_NLI_THRESHOLD: z.coerce
    .number({ message: 'expected a number from 0 to 1' })
    .min(0, 'expected a number from 0 to 1')
    .max(1, 'expected a number from 0 to 1')
    .default(0.5),
  SLM_MODEL_DIR: z.string().default('./models'),
  SLM_ALLOW_REMOTE: env.bool(false),
  /** Load every model at boot and run one tiny inference, so the first visitor does not wait for it. */
  SLM_WARMUP: env.bool(false),
  SLM_BATCH_WINDOW_MS: env.int(4),
  SLM_BATCH_MAX: env.int(32, 1),
  /** Single texts (messages, questions) each embedder keeps the vectors of; 0 keeps none. */
  SLM_EMBED_MEMORY: env.int(256),
  SLM_MAX_NEW_TOKENS: env.int(256, 1),
  SLM_OPENAI_BASE_URL: env.url(['http:', 'https:']).optional(),
  SLM_OPENAI_API_KEY: z.string().optional(),
  SLM_OPENAI_TIMEOUT_MS: env.int(60_000, 1),
  SLM_OPENAI_RETRIES: env.int(2),
};

export interface SlmConfig {
  models: { embedder: ModelSettings; generator: ModelSettings; escalation?: ModelSettings; nli?: ModelSettings };
  /** Minimum entailment probability for a sentence to count as supported, when SLM_NLI is set. */
  nliThreshold: number;
  modelDir: string;
  allowRemote: boolean;
  warmUp: boolean;
  batchWindowMs: number;
  embedMemory: number;
  maxNewTokens: number;
  /** What resolving further specs at run time (e.g. `ModelRegistry.classifier(spec)`) needs. */
  context: ResolveContext;
}

/** Reads and checks the SLM_* variables at boot; throws one ConfigError listing every problem. */
export function loadSlmConfig(source: NodeJS.ProcessEnv = process.env): SlmConfig {
  const vars = parseEnv(slmEnv, source);
  const context: ResolveContext = {
    modelDir: vars.SLM_MODEL_DIR,
    allowRemote: vars.SLM_ALLOW_REMOTE,
    maxBatch: vars.SLM_BATCH_MAX,
    openai: {
      baseUrl: vars.SLM_OPENAI_BASE_URL,
      apiKey: vars.SLM_OPENAI_API_KEY,
      timeoutMs: vars.SLM_OPENAI_TIMEOUT_MS,
      retries: vars.SLM_OPENAI_RETRIES,
    },
  };
  const problems: string[] = [];
  const models: Partial<Record<SlmRole, ModelSettings>> = {};
  for (const [role, { variable, kind }] of Object.entries(SLM_ROLES)) {
    const text = vars[variable];
    if (text === undefined) continue;
    const result = resolveModel(text, kind, variable, context);
    problems.push(...result.problems);
    if (result.settings) models[role as SlmRole] = result.settings;
  }
  if (models.nli) problems.push(...checkNliLabels(models.nli));
  if (problems.length) throw new ConfigError(problems);
  return {
    models: models as SlmConfig['models'],
    modelDir: vars.SLM_MODEL_DIR,
    allowRemote: vars.SLM_ALLOW_REMOTE,
    warmUp: vars.SLM_WARMUP,
    batchWindowMs: vars.SLM_BATCH_WINDOW_MS,
    embedMemory: vars.SLM_EMBED_MEMORY,
    maxNewTokens: vars.SLM_MAX_NEW_TOKENS,
    nliThreshold: vars.SLM_NLI_THRESHOLD,
    context,
  };
}

/** A local NLI model must name an entailment class; a downloaded one is checked once loaded. */
function checkNliLabels(settings: ModelSettings): string[] {
  if (settings.provider !== 'transformers' || settings.location.remote) return [];
  const labels = labelsOf(settings.location.path);
  if (entailmentLabel(labels)) return [];
  return [noEntailmentLabel(settings.variable, join(settings.location.path, 'config.json'), labels)];
}
