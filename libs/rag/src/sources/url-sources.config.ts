import { z } from 'zod';
import { env, parseEnv } from '@app/core';

const urlSourcesEnv = {
  /** One page or robots.txt or sitemap request, body included. */
  URL_FETCH_TIMEOUT_MS: env.int(15_000, 100),
  /** How often a worker looks for sources due for a re-sync; 0 turns the sweep off in this process. */
  URL_SOURCES_SWEEP_MS: env.int(60_000, 0),
};

export type UrlSourcesConfig = z.infer<z.ZodObject<typeof urlSourcesEnv>>;

export const URL_SOURCES_CONFIG = Symbol('URL_SOURCES_CONFIG');

export function loadUrlSourcesConfig(source: NodeJS.ProcessEnv = process.env): UrlSourcesConfig {
  return parseEnv(urlSourcesEnv, source);
}

/** Crawler identity: the product token robots.txt groups name, and the User-Agent header. */
export const CRAWLER_TOKEN = 'SeedBot';
export const CRAWLER_USER_AGENT = 'SeedBot/1.0 (+self-hosted)';
