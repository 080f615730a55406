import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export const DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type Dtype = (typeof DTYPES)[number];

/** The file suffix transformers.js looks for per dtype (`onnx/model_quantized.onnx` for q8, ...). */
export const DTYPE_SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

export type ModelKind = 'embedder' | 'generator' | 'classifier';

export interface ModelLocation {
  /** An absolute folder, or a hub id when `remote`. */
  path: string;
  remote: boolean;
}

const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/**
 * Finds a model: a path (absolute or starting with `.`), else a folder under SLM_MODEL_DIR named like the
 * model (`Xenova/bge-small-en-v1.5` → `<dir>/Xenova/bge-small-en-v1.5`), else, only when remote loading is
 * allowed, a hub id that transformers.js downloads into SLM_MODEL_DIR on first use (found locally next time).
 */
export function locateModel(model: string, modelDir: string, allowRemote: boolean): ModelLocation | string {
  const explicitPath = isAbsolute(model) || model.startsWith('.');
  const folder = explicitPath ? resolve(model) : resolve(modelDir, model);
  if (existsSync(folder)) return { path: folder, remote: false };
  if (!explicitPath && HUB_ID.test(model) && allowRemote) return { path: model, remote: true };
  const hint = explicitPath
    ? 'Check the path.'
    : HUB_ID.test(model)
      ? `Put the model there, point SLM_MODEL_DIR at the folder that holds ${model}, or set SLM_ALLOW_REMOTE=true to download it from the Hugging Face hub on first use.`
      : `Put the model there or point SLM_MODEL_DIR at the folder that holds it.`;
  return `model folder ${folder} not found. ${hint}`;
}

/** Checks a local model folder has what transformers.js will ask for, before the first request does. */
export function checkModelFolder(folder: string, kind: ModelKind, dtype: Dtype): string[] {
  const problems: string[] = [];
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    if (!existsSync(join(folder, file))) problems.push(`${join(folder, file)} is missing`);
  }
  const onnxFile = join(folder, 'onnx', `model${DTYPE_SUFFIX[dtype]}.onnx`);
  if (!existsSync(onnxFile)) problems.push(`${onnxFile} is missing (dtype ${dtype}). ${onnxHint(folder)}`);
  if (kind === 'generator' && problems.length === 0 && !hasChatTemplate(folder)) {
    problems.push(`${folder} has no chat template (tokenizer_config.json "chat_template" or chat_template.jinja)`);
  }
  return problems;
}

function onnxHint(folder: string): string {
  const dir = join(folder, 'onnx');
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => /^model.*\.onnx$/.test(f)) : [];
  if (found.length === 0)
    return 'Export the model to ONNX (e.g. with optimum) or download an onnx-community/Xenova copy.';
  const dtypes = DTYPES.filter((d) => found.includes(`model${DTYPE_SUFFIX[d]}.onnx`));
  return `Found ${found.join(', ')}: choose one with @dtype=${dtypes.join(' or @dtype=')}.`;
}

function hasChatTemplate(folder: string): boolean {
  if (existsSync(join(folder, 'chat_template.jinja')) || existsSync(join(folder, 'chat_template.json'))) return true;
  return Boolean(readJson(join(folder, 'tokenizer_config.json'))?.chat_template);
}

export function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The embedding size from config.json, under whichever name the architecture uses. */
export function hiddenSizeOf(folder: string): number | undefined {
  const config = readJson(join(folder, 'config.json')) ?? {};
  for (const key of ['hidden_size', 'd_model', 'n_embd', 'dim']) {
    if (typeof config[key] === 'number') return config[key] as number;
  }
  return undefined;
}

/** sentence-transformers folders say how they pool in `1_Pooling/config.json`. */
export function poolingOf(folder: string): 'mean' | 'cls' | undefined {
  const pooling = readJson(join(folder, '1_Pooling', 'config.json'));
  if (!pooling) return undefined;
  if (pooling.pooling_mode_cls_token) return 'cls';
  if (pooling.pooling_mode_mean_tokens) return 'mean';
  return undefined;
}

/** A classifier's label names from config.json `id2label`, in id order; empty when it names none. */
export function labelsOf(folder: string): string[] {
  const id2label = (readJson(join(folder, 'config.json'))?.id2label ?? {}) as Record<string, unknown>;
  return Object.keys(id2label)
    .sort((a, b) => Number(a) - Number(b))
    .map((id) => String(id2label[id]));
}
