import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { ConversationsService } from '@app/conversations';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { ContactDto, contactSchema, IdParams, idParamsSchema, toContactView } from './conversations.dto';

@ApiTags('contacts')
@ApiKeyAuth()
@Controller('v1/contacts')
@UseGuards(ApiKeyGuard)
@RequireScopes('integration')
export class ContactsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** An upsert: 200 whether the contact was created or updated (compare createdAt and updatedAt to tell). */
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create or update a contact',
    description:
      'Finds the contact by externalId, then email, then visitorId, and updates it (attributes are merged, ' +
      'top-level keys replaced); creates it when none matches. 409 when the identities given belong to different contacts.',
  })
  @ApiZodBody(contactSchema)
  @ApiErrors(400, 409)
  async upsert(@Auth() auth: AuthContext, @Body(new ZodValidationPipe(contactSchema)) body: ContactDto) {
    return toContactView(await this.conversations.upsertContact(auth.tenantId, body));
  }

  @Get(':id')
  @ApiErrors(400, 404)
  async get(@Auth() auth: AuthContext, @Param(new ZodValidationPipe(idParamsSchema)) { id }: IdParams) {
    return toContactView(await this.conversations.getContact(auth.tenantId, id));
  }
}
