import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WidgetBundle } from './widget-bundle';

/** Browsers may reuse the script for 5 minutes, then revalidate it cheaply with its ETag. */
const WIDGET_CACHE_CONTROL = 'public, max-age=300';

// Browser assets, not part of the REST API that /openapi.json documents.
@ApiExcludeController()
@Controller()
export class WidgetController {
  constructor(private readonly bundle: WidgetBundle) {}

  /** The embeddable chat widget; script tags need no CORS headers. */
  @Get('widget.js')
  async script(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { code, etag } = await this.bundle.get();
    void reply
      .header('content-type', 'application/javascript; charset=utf-8')
      .header('cache-control', WIDGET_CACHE_CONTROL)
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff');
    if (matchesEtag(request.headers['if-none-match'], etag)) return void reply.status(304).send();
    return void reply.send(code);
  }
}

/** `If-None-Match` may list several validators, weak or strong, or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}
