import { ChatMessage, ClassScore, Passage } from '../slm.types';

/**
 * What a provider implements. The runtime wraps each backend with loading, batching, queueing, input
 * checks and cancellation (runtime/managed-*.ts), so a provider only turns inputs into outputs.
 */
export interface ModelBackend {
  load(): Promise<void>;
  dispose(): Promise<void>;
}

export interface EmbeddingBackend extends ModelBackend {
  /** Undefined until loaded when the size cannot be known earlier (a remote hub model). */
  readonly dimension: number | undefined;
  embedBatch(texts: string[]): Promise<number[][]>;
}

export interface BackendGenerateOptions {
  signal: AbortSignal;
  maxNewTokens: number;
  temperature?: number;
  topP?: number;
  passages?: Passage[];
}

export interface GenerationBackend extends ModelBackend {
  /** True when the backend answers from `passages` itself; otherwise the runtime puts them in the prompt. */
  readonly readsPassages: boolean;
  stream(messages: ChatMessage[], options: BackendGenerateOptions): AsyncIterable<string>;
}

export interface ClassificationBackend extends ModelBackend {
  readonly labels: string[];
  /** `pairs`, when given, holds the second text of each input (same length as `texts`). */
  classifyBatch(texts: string[], pairs?: string[]): Promise<ClassScore[][]>;
}
