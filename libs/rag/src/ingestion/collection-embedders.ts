import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/core';
import { Embedder, ModelRegistry } from '@app/slm';

/**
 * The embedder behind a collection's vectors. A collection keeps the embedder it was created with,
 * so a process whose configured embedder differs cannot embed for it (queries would compare vectors
 * from two different spaces) and says so instead.
 */
@Injectable()
export class CollectionEmbedders {
  constructor(private readonly registry: ModelRegistry) {}

  /** The embedder new collections get. */
  configured(): Embedder {
    return this.registry.embedder();
  }

  forSpec(spec: string): Embedder {
    const configured = this.registry.embedder();
    if (configured.id === spec) return configured;
    throw new DomainError(
      ErrorCode.ServiceUnavailable,
      `embedder ${spec} is not available in this process (configured: ${configured.id})`,
    );
  }
}
