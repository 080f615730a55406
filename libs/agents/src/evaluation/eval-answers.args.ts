import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const EVAL_ANSWERS_USAGE = `Usage: npm run eval:answers -- --beir <dir> [--limit N] [--split test]
  Ingests the corpus through the real pipeline into a fresh collection (DATABASE_URL, else in-memory
  PGlite), creates an agent with default settings on it (no intent model, so every question routes to
  knowledge) and runs each judged query through AgentPipeline.handleMessage with the configured models
  (built-in ones unless SLM_* say otherwise). --limit takes the first N judged queries. Last line: JSON.`;

export interface EvalAnswersOptions {
  dir: string;
  split: string;
  limit: number | null;
}

/** `{ help }` when the usage should be printed (exit 0 when asked for, 2 when --beir is missing). */
export type ParsedArgs = { options: EvalAnswersOptions } | { help: true; exitCode: 0 | 2 };

/** Reads the command line; a bad value throws an error naming the flag and what it got. */
export function parseEvalAnswersArgs(args: string[]): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        beir: { type: 'string' },
        split: { type: 'string', default: 'test' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${EVAL_ANSWERS_USAGE}`);
  }
  if (values.help || !values.beir) return { help: true, exitCode: values.help ? 0 : 2 };
  const limit = values.limit === undefined ? null : Number(values.limit);
  if (limit !== null && (!/^\d+$/.test(values.limit ?? '') || limit < 1)) {
    throw new Error(`--limit: expected a positive whole number, got "${values.limit}"`);
  }
  if (!/^[\w.-]+$/.test(values.split))
    throw new Error(`--split: expected a split name such as test, got "${values.split}"`);
  return { options: { dir: resolve(values.beir), split: values.split, limit } };
}
