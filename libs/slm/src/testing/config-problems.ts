import { ConfigError } from '@app/core';
import { loadSlmConfig } from '../config/slm-config';

/** The problems `loadSlmConfig` reports for `env`; fails the test if the configuration is accepted. */
export function slmConfigProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadSlmConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
