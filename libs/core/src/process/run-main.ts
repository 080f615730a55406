import { ConfigError } from '../config/parse-env';

/**
 * Entry points call this so that a bad configuration or an unreachable dependency at boot ends the
 * process with exit code 1 and one readable message, instead of a stack trace or a hang.
 */
export function runMain(name: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `${(error as Error)?.message ?? error}`;
    process.stderr.write(`${name} failed to start: ${message}\n`);
    if (!(error instanceof ConfigError) && process.env.LOG_LEVEL === 'debug') console.error(error);
    process.exit(1);
  });
}
