import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  BENCH_ENCODER,
  ModelFiles,
  tinyClassifierFiles,
  tinyDecoderFiles,
  tinyEncoderFiles,
  tinyNliFiles,
} from './tiny-models.fixture';

/** Bump when a fixture's graph or tokenizer changes, so stale copies in `.models/` are not reused. */
const FIXTURE_VERSION = 'v2';

export const DEFAULT_FIXTURES_ROOT = resolve(__dirname, '../../../..', '.models', 'fixtures', FIXTURE_VERSION);

export interface TinyModelPaths {
  root: string;
  /** BERT-like feature extractor (hidden size 32, window 64 tokens). */
  encoder: string;
  /** BERT-like sequence classifier (labels billing, shipping, other). */
  classifier: string;
  /** Llama-like causal LM with a ChatML template (window 256 tokens). */
  decoder: string;
  /** NLI cross-encoder (entailment, neutral, contradiction; window 64 tokens) with a hand-set rule. */
  nli: string;
}

const BUILDERS: Record<'encoder' | 'classifier' | 'decoder' | 'nli', [string, () => ModelFiles]> = {
  encoder: ['tiny-bert', tinyEncoderFiles],
  classifier: ['tiny-bert-classifier', tinyClassifierFiles],
  decoder: ['tiny-llama', tinyDecoderFiles],
  nli: ['tiny-bert-nli', tinyNliFiles],
};

/**
 * Writes the tiny models unless they are already there. Each folder is written under a private temporary
 * name and renamed into place, so jest workers racing on a cold checkout never see a half-written model:
 * the loser's rename fails and its copy is thrown away.
 */
export function ensureTinyModels(root = DEFAULT_FIXTURES_ROOT): TinyModelPaths {
  const paths = { root } as TinyModelPaths;
  for (const [role, [name, build]] of Object.entries(BUILDERS)) {
    const target = join(root, name);
    paths[role as keyof typeof BUILDERS] = target;
    if (!existsSync(target)) writeAtomically(target, build());
  }
  return paths;
}

/** The benchmark's encoder (MiniLM width, ~19 MB), written on first use; tests never need it. */
export function ensureBenchEncoder(root = DEFAULT_FIXTURES_ROOT): string {
  const target = join(root, 'bench-bert');
  if (!existsSync(target)) writeAtomically(target, tinyEncoderFiles(BENCH_ENCODER));
  return target;
}

function writeAtomically(target: string, files: ModelFiles): void {
  const staging = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  for (const [relative, content] of Object.entries(files)) {
    const file = join(staging, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content instanceof Uint8Array ? content : JSON.stringify(content, null, 2));
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
}
