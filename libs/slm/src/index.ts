// The public face of the model runtime. Code outside libs/slm imports from '@app/slm' only.
export type {
  ChatMessage,
  ChatRole,
  Classifier,
  ClassifyOptions,
  ClassScore,
  Embedder,
  EntailmentModel,
  EntailmentPair,
  GenerateOptions,
  Generator,
  ModelHealth,
  ModelStatus,
  Passage,
  ProviderName,
} from './slm.types';
export * from './slm.errors';

export { loadSlmConfig, SLM_ROLES } from './config/slm-config';
export type { SlmConfig, SlmRole } from './config/slm-config';
export { formatModelSpec, parseModelSpec } from './config/model-spec';
export type { ModelSpec } from './config/model-spec';

export { SlmModule } from './registry/slm.module';
export type { SlmModuleOptions } from './registry/slm.module';
export { ModelRegistry } from './registry/model-registry.service';
export type { SlmOverrides } from './registry/model-registry.service';
export { EMBEDDER, ESCALATION_GENERATOR, GENERATOR, NLI, SLM_CONFIG } from './registry/slm.tokens';

export { generateText } from './runtime/managed-generator';
export { formatPassages, withPassagesPrompt } from './runtime/passages-prompt';
export { EXTRACTIVE_NO_ANSWER } from './providers/builtin/extractive-generator';

export { SeedEmbeddings } from './langchain/seed-embeddings';
export { SeedChatModel } from './langchain/seed-chat-model';
export type { SeedChatModelCallOptions, SeedChatModelInput } from './langchain/seed-chat-model';
export { fromLangChain } from './langchain/langchain-generator';
export type { FromLangChainOptions } from './langchain/langchain-generator';

import type { ModelHealth } from './slm.types';
/** What `ModelRegistry.health()` returns: one entry per role, keyed `embedder`, `generator`, `escalation`, `nli`. */
export type SlmHealth = Record<string, ModelHealth>;
