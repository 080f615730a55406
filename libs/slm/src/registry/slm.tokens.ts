/** Injection tokens of the model runtime. Inject the interfaces (`Embedder`, `Generator`), never a provider. */
export const SLM_CONFIG = Symbol('SLM_CONFIG');
export const SLM_OVERRIDES = Symbol('SLM_OVERRIDES');
/** `Embedder` for the SLM_EMBEDDER role. */
export const EMBEDDER = Symbol('EMBEDDER');
/** `Generator` for the SLM_GENERATOR role. */
export const GENERATOR = Symbol('GENERATOR');
/** `Generator | null` for the SLM_ESCALATION role: null when no escalation model is configured. */
export const ESCALATION_GENERATOR = Symbol('ESCALATION_GENERATOR');
/** `EntailmentModel | null` for the SLM_NLI role: null when no NLI model is configured. */
export const NLI = Symbol('NLI');
