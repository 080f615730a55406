import { Embedder, loadSlmConfig, ModelRegistry } from '@app/slm';
import { LabelledText, readLabelledCsvFile } from '../training-data';

/** Reads and concatenates labelled CSV files; `forceLabel` relabels every row (OOS files). */
export function readExamples(paths: readonly string[], forceLabel?: string): LabelledText[] {
  return paths.flatMap((path) => {
    const examples = readLabelledCsvFile(path);
    return forceLabel === undefined ? examples : examples.map((e) => ({ text: e.text, label: forceLabel }));
  });
}

export function parseNumberArg(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number, got "${value}"`);
  return parsed;
}

export function formatRate(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(4);
}

export function round4(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

/**
 * The embedder named by `--embedder SPEC` (an SLM_EMBEDDER spec), or null. The CLIs take any spec so a
 * builtin or remote embedder can be measured too; the service itself only uses transformers ones
 * (intentEmbedderOf). Returns the registry as well, to be shut down when done.
 */
export function cliEmbedder(spec: string | undefined): { embedder: Embedder | null; close(): Promise<void> } {
  if (spec === undefined) return { embedder: null, close: async () => undefined };
  const registry = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: spec }));
  return { embedder: registry.embedder(), close: () => registry.onApplicationShutdown() };
}
