import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { TransformersSettings } from '../../config/model-settings';

// transformers.js ships ESM types; this project compiles to CommonJS and loads its CommonJS build.
export type Transformers = typeof import('@huggingface/transformers', { with: { 'resolution-mode': 'require' } });
export type Tokenizer = InstanceType<Transformers['PreTrainedTokenizer']>;
export type Model = InstanceType<Transformers['PreTrainedModel']>;
export type Tensor = InstanceType<Transformers['Tensor']>;

let transformersModule: Promise<Transformers> | undefined;

/**
 * Imports transformers.js on first use only: it loads onnxruntime's native library, which a deployment
 * running only builtin or openai models should never pay for.
 */
export function importTransformers(): Promise<Transformers> {
  // require, not import(): the project runs as CommonJS, and jest without --experimental-vm-modules
  // cannot run a dynamic import() of this package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  transformersModule ??= Promise.resolve().then(() => require('@huggingface/transformers') as Transformers);
  return transformersModule;
}

/**
 * Options every `from_pretrained` call gets. Local folders are read with `local_files_only`, so a missing
 * file is an error and never a download. A remote (hub) model is fetched into SLM_MODEL_DIR, where the
 * next boot finds it as a local folder.
 */
export async function pretrainedOptions(settings: TransformersSettings, modelDir: string) {
  const transformers = await importTransformers();
  if (settings.location.remote) {
    transformers.env.allowRemoteModels = true;
    transformers.env.cacheDir = resolve(modelDir);
  }
  return { local_files_only: !settings.location.remote, cache_dir: resolve(modelDir) };
}

/** The token window: the smallest of the configured limit, the tokenizer's and the position embeddings'. */
export function tokenWindow(settings: TransformersSettings, tokenizer: Tokenizer, model: Model): number {
  const config = model.config as unknown as Record<string, unknown>;
  const positions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : Infinity;
  const window = Math.min(settings.maxTokens ?? Infinity, tokenizer.model_max_length ?? Infinity, positions);
  // Neither file states a limit: 512 is what encoders of this size are trained with.
  return Number.isFinite(window) ? window : 512;
}

/** Says once per model that inputs are being cut, instead of flooding the log on every long document. */
/** Which transformers.js auto-class reads the ONNX graph for a role. */
export type ModelClass = 'AutoModel' | 'AutoModelForCausalLM' | 'AutoModelForSequenceClassification';

/** Tokenizer, model and usable token window of a local (or permitted remote) model folder. */
export async function loadPretrained(
  settings: TransformersSettings,
  modelDir: string,
  modelClass: ModelClass,
): Promise<{ tokenizer: Tokenizer; model: Model; window: number }> {
  const transformers = await importTransformers();
  const options = await pretrainedOptions(settings, modelDir);
  const path = settings.location.path;
  const tokenizer = await transformers.AutoTokenizer.from_pretrained(path, options);
  const model = await transformers[modelClass].from_pretrained(path, { ...options, dtype: settings.dtype });
  return { tokenizer, model, window: tokenWindow(settings, tokenizer, model) };
}

export class TruncationNotice {
  private told = false;
  private readonly logger = new Logger('SlmRuntime');

  constructor(private readonly spec: string) {}

  get alreadyTold(): boolean {
    return this.told;
  }

  tell(tokens: number, window: number, what: string): void {
    if (this.told) return;
    this.told = true;
    this.logger.warn(
      `${this.spec}: an input of ${tokens} tokens was cut to the model's ${window}-token window (${what}). ` +
        'Shorter chunks keep all of the text; this is logged once per model.',
    );
  }
}
