import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/core';
import { Embedder, ModelRegistry, parseModelSpec } from '@app/slm';
import { describeUnindexableDimensions } from '../retrieval/indexed-vectors';

/**
 * The embedders behind collections' vectors. New collections get the configured one; a collection
 * re-embedded with another keeps that one, which the registry builds on first use from its spec.
 */
@Injectable()
export class CollectionEmbedders implements OnModuleInit {
  constructor(private readonly registry: ModelRegistry) {}

  /**
   * Every new collection gets the configured embedder, so one whose vectors cannot be indexed stops
   * the start, naming the setting, rather than failing each document at its first ingestion.
   */
  async onModuleInit(): Promise<void> {
    await this.registry.ensureEmbedderDimension();
    const embedder = this.configured();
    const problem = describeUnindexableDimensions(embedder.dimension);
    if (problem) throw new Error(`SLM_EMBEDDER ${embedder.id} cannot back collections: ${problem}`);
  }

  /** The embedder new collections get. */
  configured(): Embedder {
    return this.registry.embedder();
  }

  /**
   * The embedder of a stored spec (a collection's `embedder` or `next_embedder`). A spec this process
   * cannot build (a model folder missing on this machine) is a deployment problem, not the caller's.
   */
  forSpec(spec: string): Embedder {
    try {
      return this.registry.embedderFor(spec);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(
        ErrorCode.ServiceUnavailable,
        `embedder ${spec} is not available in this process: ${error.message}`,
      );
    }
  }

  /** The embedder a caller asked for, with its vector size known: a bad spec is a ValidationFailed error. */
  async forRequest(spec: string): Promise<Embedder> {
    const unsafe = describeUnsafeRequestSpec(spec);
    if (unsafe) throw new DomainError(ErrorCode.ValidationFailed, `embedder: ${unsafe}`);
    const embedder = this.registry.embedderFor(spec);
    await this.registry.ensureEmbedderDimension(embedder);
    const problem = describeUnindexableDimensions(embedder.dimension);
    if (problem) throw new DomainError(ErrorCode.ValidationFailed, `embedder ${spec}: ${problem}`);
    return embedder;
  }
}

/**
 * A tenant admin names the spec, but the server runs it: a per-spec `url` would send chunk texts and
 * the server's SLM_OPENAI_API_KEY to any host, and a model path outside SLM_MODEL_DIR would probe the
 * server's disk. Operators set those in env instead. Null when the spec is fine to resolve.
 */
function describeUnsafeRequestSpec(text: string): string | null {
  let spec;
  try {
    spec = parseModelSpec(text);
  } catch {
    return null; // the registry names the syntax problem
  }
  if (spec.options.url !== undefined) return 'the url option is not accepted here; the server uses SLM_OPENAI_BASE_URL';
  const path = spec.model;
  if (spec.provider === 'transformers' && (path.startsWith('/') || path.startsWith('.') || path.includes('..'))) {
    return 'expected a model folder name inside SLM_MODEL_DIR or a hub id, not a path';
  }
  return null;
}
