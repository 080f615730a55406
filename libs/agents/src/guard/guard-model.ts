import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ContextWeights } from './context-scorer';
import { DetectorState } from './segment-scorer';

export const GUARD_MODEL_FORMAT = 'seed.guard-detectors';
export const GUARD_MODEL_VERSION = 3;

/**
 * The shipped detector weights, produced by `npm run train:guard` (see training/guard-trainer.ts).
 * `provenance` records what the weights were trained on, so the evaluation can refuse a model whose
 * splits differ from its own.
 */
export interface GuardModelArtifact {
  readonly format: typeof GUARD_MODEL_FORMAT;
  readonly version: typeof GUARD_MODEL_VERSION;
  readonly provenance: GuardModelProvenance;
  readonly injection: DetectorState;
  /** Instructions hidden in a pasted or retrieved document (see InjectionDetector). */
  readonly embeddedInstruction: DetectorState;
  /** How the embedded-instruction score combines with each segment's place in the document. */
  readonly embeddedContext: ContextWeights;
  readonly toxicity: DetectorState;
}

export interface GuardModelProvenance {
  readonly splitSeed: number;
  readonly sources: string[];
  readonly examples: { injection: number; toxicity: number; embeddedInstruction: number };
  readonly targetValidationFpr: number;
  readonly validation: Record<string, number>;
}

// Gzipped JSON: a third of the size, and formatters leave it alone.
const MODEL_FILE = join('trained', 'guard-detectors.json.gz');

/**
 * Beside this file when run from sources; `tsc` does not copy JSON into dist, so a built process falls
 * back to the sources in the working directory (or GUARD_MODEL_PATH when set).
 */
export function resolveGuardModelPath(): string {
  const candidates = [
    process.env.GUARD_MODEL_PATH,
    join(__dirname, MODEL_FILE),
    join(process.cwd(), 'libs', 'agents', 'src', 'guard', MODEL_FILE),
  ].filter((path): path is string => Boolean(path));
  return candidates.find((path) => existsSync(path)) ?? candidates[0];
}

let cached: GuardModelArtifact | null = null;

export function parseGuardModel(json: string): GuardModelArtifact {
  const artifact = JSON.parse(json) as GuardModelArtifact;
  if (artifact.format !== GUARD_MODEL_FORMAT || artifact.version !== GUARD_MODEL_VERSION) {
    throw new Error(`Unsupported guard model ${artifact.format}@${artifact.version}; run npm run train:guard`);
  }
  return artifact;
}

/** Parsed once per process: every MessageGuard built from the default weights shares them. */
export function loadDefaultGuardModel(): GuardModelArtifact {
  cached ??= parseGuardModel(gunzipSync(readFileSync(resolveGuardModelPath())).toString('utf8'));
  return cached;
}
