import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { DocumentsService, UrlSourcesService } from '@app/rag';
import { ApiKeyAuth, ApiZodBody, ApiZodQuery } from '../openapi/api-docs.decorators';
import { readDocumentSources } from './document-upload.reader';
import {
  isUrlSourceBody,
  ListDocumentsDto,
  listDocumentsSchema,
  textDocumentSchema,
  toDocumentView,
  toUrlSourceView,
  urlSourceSchema,
  uuidSchema,
} from './knowledge.dto';

@ApiTags('knowledge')
@ApiKeyAuth()
@Controller('v1/collections/:collectionId/documents')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly urlSources: UrlSourcesService,
  ) {}

  /**
   * 202: stored and queued; `unchanged: true` marks a re-upload of identical content (nothing queued).
   * A JSON `{ url, crawl? }` body creates a URL source instead and answers `{ source }`: its pages
   * become documents as the worker fetches them.
   */
  @Post()
  @HttpCode(202)
  @ApiZodBody(
    textDocumentSchema.or(urlSourceSchema),
    'JSON { title, text } or { url, crawl? }; or multipart/form-data with files and an optional metadata field',
  )
  async upload(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Req() request: FastifyRequest,
  ) {
    if (!request.isMultipart() && isUrlSourceBody(request.body)) {
      const body = new ZodValidationPipe(urlSourceSchema).transform(request.body);
      return {
        source: toUrlSourceView(await this.urlSources.create(auth.tenantId, collectionId, body.url, body.crawl)),
      };
    }
    const uploaded = await this.documents.upload(auth.tenantId, collectionId, await readDocumentSources(request));
    return { data: uploaded.map(({ document, changed }) => ({ ...toDocumentView(document), unchanged: !changed })) };
  }

  @Get()
  @ApiZodQuery(listDocumentsSchema)
  async list(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Query(new ZodValidationPipe(listDocumentsSchema)) query: ListDocumentsDto,
  ) {
    const page = await this.documents.list(auth.tenantId, collectionId, query);
    return { data: page.data.map(toDocumentView), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
  ) {
    return toDocumentView(await this.documents.get(auth.tenantId, collectionId, id));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Auth() auth: AuthContext,
    @Param('collectionId', new ZodValidationPipe(uuidSchema)) collectionId: string,
    @Param('id', new ZodValidationPipe(uuidSchema)) id: string,
  ): Promise<void> {
    await this.documents.delete(auth.tenantId, collectionId, id);
  }
}
