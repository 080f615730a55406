import { Body, Controller, Get, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, Auth, AuthContext, RequireScopes, ZodValidationPipe } from '@app/core';
import { WidgetSettingsService } from '@app/conversations';
import { ApiErrors, ApiKeyAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { toWidgetSettingsView, WidgetSettingsDto, widgetSettingsSchema } from './widget-settings.dto';

/** The tenant's chat widget: the agent it talks to, the sites that may embed it, its look, its site key. */
@ApiTags('widget')
@ApiKeyAuth()
@Controller('v1/widget-settings')
@UseGuards(ApiKeyGuard)
@RequireScopes('admin')
export class WidgetSettingsController {
  constructor(private readonly widgets: WidgetSettingsService) {}

  @Get()
  @ApiErrors(404)
  async get(@Auth() auth: AuthContext) {
    return toWidgetSettingsView(await this.widgets.get(auth.tenantId));
  }

  /** Creates the widget (with a new site key) or updates it (keeping its key); theme fields left out stay. */
  @Put()
  @ApiZodBody(widgetSettingsSchema)
  @ApiErrors(400, 404)
  async put(@Auth() auth: AuthContext, @Body(new ZodValidationPipe(widgetSettingsSchema)) body: WidgetSettingsDto) {
    return toWidgetSettingsView(await this.widgets.upsert(auth.tenantId, body));
  }

  /** A new site key; the old one stops opening chats at once (connected visitors stay connected). */
  @Post('rotate-site-key')
  @HttpCode(200)
  @ApiErrors(404)
  async rotateSiteKey(@Auth() auth: AuthContext) {
    return toWidgetSettingsView(await this.widgets.rotateSiteKey(auth.tenantId));
  }
}
