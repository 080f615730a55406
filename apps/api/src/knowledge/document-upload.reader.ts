import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, ZodValidationPipe } from '@app/core';
import { DocumentSource } from '@app/rag';
import { textDocumentSchema } from './knowledge.dto';

/**
 * Turns an upload request into document sources: every file part of a multipart body (with an
 * optional `metadata` JSON field), or a JSON `{ title, text }`. The multipart plugin enforces
 * UPLOAD_MAX_BYTES per file while streaming and answers 413 past it.
 */
export async function readDocumentSources(request: FastifyRequest): Promise<DocumentSource[]> {
  if (request.isMultipart()) return readMultipart(request);
  const body = new ZodValidationPipe(textDocumentSchema).transform(request.body);
  return [
    {
      title: body.title,
      sourceKind: 'text',
      sourceKey: `text:${body.title}`,
      mediaType: 'text/markdown',
      bytes: Buffer.from(body.text, 'utf8'),
      metadata: body.metadata,
    },
  ];
}

async function readMultipart(request: FastifyRequest): Promise<DocumentSource[]> {
  const sources: DocumentSource[] = [];
  let metadata: Record<string, unknown> | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === 'metadata') metadata = parseMetadata(String(part.value));
      continue;
    }
    const filename = part.filename || 'upload';
    sources.push({
      title: '',
      sourceKind: 'file',
      sourceKey: `file:${filename}`,
      filename,
      mediaType: part.mimetype,
      bytes: await part.toBuffer(),
    });
  }
  if (sources.length === 0) throw new DomainError(ErrorCode.ValidationFailed, 'files: expected at least one file');
  return sources.map((source) => ({ ...source, metadata }));
}

function parseMetadata(value: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new DomainError(ErrorCode.ValidationFailed, 'metadata: expected a JSON object');
}
