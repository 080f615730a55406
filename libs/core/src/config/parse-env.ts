import { z } from 'zod';

/** Raised at boot when an environment variable is missing or malformed. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Runs every library's config loader before an app is built, so a bad deploy hears of all its bad
 * variables at once, in one message, instead of the first library's error thrown from inside the
 * dependency injector with Nest's stack trace around it.
 */
export function checkConfig(loaders: (() => unknown)[]): void {
  const problems: string[] = [];
  for (const load of loaders) {
    try {
      load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Validates `env` against a zod object whose keys are variable names. Every problem is reported at
 * once, each naming the variable, what it expects and what it got, so a bad deploy is fixed in one go.
 */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) input[key] = env[key] === '' ? undefined : env[key];
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const got = input[name] === undefined ? 'nothing' : JSON.stringify(input[name]);
      return `${name}: ${issue.message} (got ${got})`;
    }),
  );
}

/** Common field shapes so every library describes its variables the same way. */
export const env = {
  port: (fallback: number) =>
    z.coerce
      .number({ message: 'expected a port number' })
      .int('expected a whole port number')
      .min(1, 'expected a port between 1 and 65535')
      .max(65535, 'expected a port between 1 and 65535')
      .default(fallback),
  int: (fallback: number, min = 0) =>
    z.coerce
      .number({ message: 'expected a whole number' })
      .int('expected a whole number')
      .min(min, `expected a whole number >= ${min}`)
      .default(fallback),
  url: (protocols: string[]) =>
    z
      .string()
      .url(`expected a URL such as ${protocols[0]}//host:port`)
      .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
        message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      }),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
};
