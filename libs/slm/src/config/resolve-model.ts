import { ModelSettings, ModelKind, BuiltinSettings, OpenAiSettings, TransformersSettings } from './model-settings';
import { formatModelSpec, ModelSpec, parseModelSpec } from './model-spec';
import { OptionReader } from './option-reader';
import { checkModelFolder, DTYPES, hiddenSizeOf, locateModel, poolingOf } from './transformers-folder.validator';

/** What resolving a spec needs from the rest of the config. */
export interface ResolveContext {
  modelDir: string;
  allowRemote: boolean;
  maxBatch: number;
  openai: { baseUrl?: string; apiKey?: string; timeoutMs: number; retries: number };
}

const BUILTIN_MODELS: Record<ModelKind, string[]> = { embedder: ['hash'], generator: ['extractive'], classifier: [] };
const PROVIDERS = ['builtin', 'transformers', 'openai'];
const CLASSIFIERS_RUN_ON_TRANSFORMERS = (provider: string) =>
  `the ${provider} provider cannot classify texts or text pairs (NLI); use transformers:<folder of an ONNX ` +
  'sequence-classification model>';

/** Parses and checks one model spec; returns its settings or the problems, each naming `variable`. */
export function resolveModel(
  text: string,
  kind: ModelKind,
  variable: string,
  context: ResolveContext,
): { settings?: ModelSettings; problems: string[] } {
  let spec: ModelSpec;
  try {
    spec = parseModelSpec(text);
  } catch (error) {
    return { problems: [`${variable}: ${(error as Error).message} (got ${JSON.stringify(text)})`] };
  }
  const reader = new OptionReader(variable, spec);
  const common = { kind, variable, spec, text: formatModelSpec(spec) };
  let settings: ModelSettings | undefined;
  if (spec.provider === 'builtin') settings = resolveBuiltin(reader, kind, common);
  else if (spec.provider === 'transformers') settings = resolveTransformers(reader, kind, common, context);
  else if (spec.provider === 'openai') settings = resolveOpenAi(reader, kind, common, context);
  else reader.problem(`unknown provider "${spec.provider}" (known: ${PROVIDERS.join(', ')})`);
  reader.rejectUnknown();
  return reader.problems.length ? { problems: reader.problems } : { settings, problems: [] };
}

type Common = Pick<BuiltinSettings, 'kind' | 'variable' | 'spec' | 'text'>;

function resolveBuiltin(reader: OptionReader, kind: ModelKind, common: Common): BuiltinSettings | undefined {
  const model = reader.spec.model;
  if (kind === 'classifier') {
    reader.problem(CLASSIFIERS_RUN_ON_TRANSFORMERS('builtin'));
    return undefined;
  }
  if (!BUILTIN_MODELS[kind].includes(model)) {
    const known = BUILTIN_MODELS[kind].map((m) => `builtin:${m}`).join(', ') || 'none';
    reader.problem(`no builtin ${kind} named "${model}" (known: ${known})`);
    return undefined;
  }
  const dimension = model === 'hash' ? reader.int('dim', 384, 16, 8192) : 0;
  const maxSentences = model === 'extractive' ? reader.int('sentences', 3, 1, 20) : 0;
  // Builtins run synchronously in microseconds to milliseconds; a queue would only add latency.
  const concurrency = reader.int('concurrency', 64);
  return {
    ...common,
    provider: 'builtin',
    model: model as BuiltinSettings['model'],
    dimension,
    maxSentences,
    concurrency,
  };
}

function resolveTransformers(
  reader: OptionReader,
  kind: ModelKind,
  common: Common,
  context: ResolveContext,
): TransformersSettings | undefined {
  const dtype = reader.choice('dtype', DTYPES, 'fp32');
  const pooling = kind === 'embedder' ? reader.choice('pooling', ['mean', 'cls'] as const, 'mean') : 'mean';
  const normalize = kind === 'embedder' ? reader.bool('normalize', true) : true;
  const maxTokens = reader.optionalInt('maxTokens', 2);
  // One inference at a time per model: onnxruntime already spreads a call over the cores.
  const concurrency = reader.int('concurrency', 1);
  const maxBatch = reader.int('batch', context.maxBatch);
  const location = locateModel(reader.spec.model, context.modelDir, context.allowRemote);
  if (typeof location === 'string') {
    reader.problem(location);
    return undefined;
  }
  const settings: TransformersSettings = {
    ...common,
    provider: 'transformers',
    location,
    dtype,
    pooling,
    normalize,
    maxTokens,
    concurrency,
    maxBatch,
  };
  if (location.remote) return settings;
  for (const problem of checkModelFolder(location.path, kind, dtype)) reader.problem(problem);
  if (kind === 'embedder') {
    settings.dimension = hiddenSizeOf(location.path);
    if (reader.spec.options.pooling === undefined) settings.pooling = poolingOf(location.path) ?? 'mean';
  }
  return settings;
}

function resolveOpenAi(
  reader: OptionReader,
  kind: ModelKind,
  common: Common,
  context: ResolveContext,
): OpenAiSettings | undefined {
  if (kind === 'classifier') reader.problem(CLASSIFIERS_RUN_ON_TRANSFORMERS('openai'));
  const baseUrl = (reader.string('url') ?? context.openai.baseUrl)?.replace(/\/+$/, '');
  if (!baseUrl) {
    reader.problem(
      "uses the openai provider but SLM_OPENAI_BASE_URL is not set: set it to the server's /v1 URL " +
        '(e.g. http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:8000/v1 for vLLM) or add @url=...',
    );
  }
  const dimension = kind === 'embedder' ? reader.optionalInt('dim', 1, 65536) : undefined;
  if (kind === 'embedder' && dimension === undefined && reader.spec.options.dim === undefined) {
    reader.problem(`openai embedders need the vector size, e.g. ${common.text}@dim=768`);
  }
  return {
    ...common,
    provider: 'openai',
    model: reader.spec.model,
    baseUrl: baseUrl ?? '',
    apiKey: context.openai.apiKey,
    timeoutMs: reader.int('timeoutMs', context.openai.timeoutMs),
    retries: reader.int('retries', context.openai.retries, 0, 10),
    dimension,
    normalize: kind === 'embedder' ? reader.bool('normalize', true) : true,
    concurrency: reader.int('concurrency', 8),
    maxBatch: reader.int('batch', context.maxBatch),
    breakerThreshold: reader.int('breakerThreshold', 5),
    breakerCooldownMs: reader.int('breakerCooldownMs', 30_000, 0),
  };
}
