import { ModelSpec } from './model-spec';
import { Dtype, ModelKind, ModelLocation } from './transformers-folder.validator';

export type { ModelKind } from './transformers-folder.validator';

interface CommonSettings {
  kind: ModelKind;
  /** The variable the spec came from, for error messages. */
  variable: string;
  spec: ModelSpec;
  /** Canonical spec text, shown in /health. */
  text: string;
  /** Calls this model runs at once; more wait in a queue. */
  concurrency: number;
}

export interface BuiltinSettings extends CommonSettings {
  provider: 'builtin';
  model: 'hash' | 'extractive';
  dimension: number;
  maxSentences: number;
}

export interface TransformersSettings extends CommonSettings {
  provider: 'transformers';
  location: ModelLocation;
  dtype: Dtype;
  pooling: 'mean' | 'cls';
  normalize: boolean;
  /** The token window; unset means the smaller of the tokenizer's and the model's limits. */
  maxTokens?: number;
  /** Known at boot for local folders; remote models report it once loaded. */
  dimension?: number;
  maxBatch: number;
}

export interface OpenAiSettings extends CommonSettings {
  provider: 'openai';
  model: string;
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  retries: number;
  dimension?: number;
  normalize: boolean;
  maxBatch: number;
  breakerThreshold: number;
  breakerCooldownMs: number;
}

export type ModelSettings = BuiltinSettings | TransformersSettings | OpenAiSettings;
