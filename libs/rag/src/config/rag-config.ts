import { z } from 'zod';
import { ConfigError, env, parseEnv } from '@app/core';

const MB = 1024 * 1024;

const ragEnv = {
  /** Largest upload accepted (one file, or one text body); bigger is refused with 413. */
  UPLOAD_MAX_BYTES: env.int(25 * MB, 1),
  /** Target chunk length in characters, and characters shared between neighbouring chunks. */
  CHUNK_SIZE: env.int(1000, 100),
  CHUNK_OVERLAP: env.int(150, 0),
  /** Texts per embedder call; progress is published after each batch. */
  EMBED_BATCH_SIZE: env.int(64, 1),
};

export type RagConfig = z.infer<z.ZodObject<typeof ragEnv>>;

export const RAG_CONFIG = Symbol('RAG_CONFIG');

export function loadRagConfig(source: NodeJS.ProcessEnv = process.env): RagConfig {
  const config = parseEnv(ragEnv, source);
  if (config.CHUNK_OVERLAP >= config.CHUNK_SIZE) {
    throw new ConfigError([
      `CHUNK_OVERLAP: expected less than CHUNK_SIZE (${config.CHUNK_SIZE}) (got ${config.CHUNK_OVERLAP})`,
    ]);
  }
  return config;
}
