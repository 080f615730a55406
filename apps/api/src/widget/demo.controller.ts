import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEMO_CONTENT_SECURITY_POLICY } from './demo-page';
import { DemoPages } from './demo-pages';

/**
 * The demo landing page with the widget on it, and the help pages its answers cite. Browser pages,
 * not part of the REST API that /openapi.json documents.
 */
@ApiExcludeController()
@Controller()
export class DemoController {
  constructor(private readonly pages: DemoPages) {}

  @Get()
  async landingPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendHtml(reply, await this.pages.landingPage(`${request.protocol}://${request.host}`));
  }

  @Get('demo/help/:slug')
  async helpPage(@Param('slug') slug: string, @Res() reply: FastifyReply): Promise<void> {
    sendHtml(reply, await this.pages.helpPage(slug));
  }
}

function sendHtml(reply: FastifyReply, html: string): void {
  void reply
    .header('content-type', 'text/html; charset=utf-8')
    // The page embeds a site key that the embedded start may set after boot: never serve a cached copy.
    .header('cache-control', 'no-store')
    .header('content-security-policy', DEMO_CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .send(html);
}
