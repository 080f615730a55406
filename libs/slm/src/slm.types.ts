/** The public contracts of the model runtime. Everything outside libs/slm talks to these, never to a provider. */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** A piece of retrieved knowledge an answer may quote. Its citation number is its position in the list, from 1. */
export interface Passage {
  text: string;
  title?: string;
  id?: string;
  [extra: string]: unknown;
}

export interface GenerateOptions {
  /** Aborting stops generation before the next token; the stream then throws the signal's reason. */
  signal?: AbortSignal;
  /** Tokens to produce at most (the builtin generator counts words). Default 256. */
  maxNewTokens?: number;
  /** 0 or unset: greedy, deterministic. */
  temperature?: number;
  topP?: number;
  /**
   * Knowledge to answer from, cited as [1], [2], ... in list order. The builtin extractive generator
   * answers only from these; model generators receive them as a numbered context block in the system
   * message, so callers pass passages the same way whichever generator is configured.
   */
  passages?: Passage[];
}

export interface Embedder {
  /** Identifies the vectors this embedder makes, e.g. `builtin:hash@dim=384`; store it beside a collection. */
  readonly id: string;
  readonly dimension: number;
  /** One unit-length vector per text, in input order. `[]` in, `[]` out. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}

export interface Generator {
  readonly id: string;
  /** Streams the answer token by token. Breaking out of the loop cancels the rest of the generation. */
  generate(messages: ChatMessage[], options?: GenerateOptions): AsyncIterable<string>;
}

export interface ClassScore {
  label: string;
  score: number;
}

export interface ClassifyOptions {
  signal?: AbortSignal;
  /**
   * A second text for each of `texts`, for models that judge pairs (NLI: `texts` are the premises,
   * `pairs` the hypotheses). When a pair is longer than the model's window, the first text is cut and
   * the second kept whole.
   */
  pairs?: string[];
}

export interface Classifier {
  readonly id: string;
  readonly labels: string[];
  /** For each text (or pair), every label with its probability, best first. */
  classify(texts: string[], options?: ClassifyOptions): Promise<ClassScore[][]>;
}

export interface EntailmentPair {
  premise: string;
  hypothesis: string;
}

/** Natural-language inference (SLM_NLI): does a premise entail a hypothesis? */
export interface EntailmentModel {
  readonly id: string;
  /** Entailment probability from which a hypothesis counts as supported (SLM_NLI_THRESHOLD). */
  readonly threshold: number;
  /** For each pair, the probability that the premise entails the hypothesis. */
  entailment(pairs: EntailmentPair[], options?: { signal?: AbortSignal }): Promise<number[]>;
}

export type ProviderName = 'builtin' | 'transformers' | 'openai' | 'langchain' | 'custom';

export interface ModelHealth {
  spec: string;
  provider: ProviderName;
  loaded: boolean;
  /** Time the last load took, once loaded. */
  loadMs?: number;
  /** Growth of the process's resident memory while the model loaded: an estimate of its footprint. */
  rssBytes?: number;
  /** Why the last load failed, if it did. */
  error?: string;
}

/** Runtime bookkeeping every managed model exposes, for `/health`. */
export interface ModelStatus {
  health(): ModelHealth;
  /** Loads the weights now instead of on first use, and runs one tiny inference when `warmUp` is set. */
  load(options?: { warmUp?: boolean }): Promise<void>;
  dispose(): Promise<void>;
}
