import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import type { WidgetTheme } from '../protocol/socket-protocol';
import { assertIdShape } from '../service/conversation-inputs';
import { WidgetSettings, WidgetSettingsRepository } from './widget-settings.repository';

export interface WidgetSettingsUpdate {
  agentId: string;
  allowedOrigins: string[];
  theme?: Partial<WidgetTheme>;
}

export const DEFAULT_WIDGET_THEME: WidgetTheme = {
  title: 'Chat with us',
  color: '#2563eb',
  greeting: 'Hi! How can we help?',
};

const SITE_KEY = /^site_[0-9a-f]{24}$/;

/** The tenant's chat widget: which agent it talks to, which sites may embed it, how it looks. */
@Injectable()
export class WidgetSettingsService {
  constructor(private readonly repository: WidgetSettingsRepository) {}

  /** The widget a page names by its site key; NotFound for malformed or unknown keys alike. */
  async getBySiteKey(siteKey: string): Promise<WidgetSettings> {
    const settings =
      typeof siteKey === 'string' && SITE_KEY.test(siteKey) ? await this.repository.findBySiteKey(siteKey) : null;
    if (!settings) throw new DomainError(ErrorCode.NotFound, 'site key not found');
    return settings;
  }

  async get(tenantId: string): Promise<WidgetSettings> {
    const settings = await this.repository.findByTenant(tenantId);
    if (!settings) throw new NotFoundError('widget settings of tenant', tenantId);
    return settings;
  }

  /** Null when the tenant has no widget yet. */
  find(tenantId: string): Promise<WidgetSettings | null> {
    return this.repository.findByTenant(tenantId);
  }

  async upsert(tenantId: string, update: WidgetSettingsUpdate): Promise<WidgetSettings> {
    assertIdShape('agent', update.agentId);
    const allowedOrigins = [...new Set(update.allowedOrigins.map(normaliseOrigin))];
    const theme = { ...DEFAULT_WIDGET_THEME, ...(await this.find(tenantId))?.theme, ...update.theme };
    assertTheme(theme);
    return this.repository.upsert(tenantId, { agentId: update.agentId, allowedOrigins, theme });
  }

  async rotateSiteKey(tenantId: string): Promise<WidgetSettings> {
    const settings = await this.repository.rotateSiteKey(tenantId);
    if (!settings) throw new NotFoundError('widget settings of tenant', tenantId);
    return settings;
  }
}

/** `https://shop.example.com` as browsers send it in Origin: scheme, host and non-default port only. */
export function normaliseOrigin(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  const bare = url && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash && !url.username;
  if (!url || !bare || !['http:', 'https:'].includes(url.protocol)) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `allowedOrigins: ${JSON.stringify(value)} is not an origin such as https://shop.example.com`,
    );
  }
  return url.origin;
}

function assertTheme(theme: WidgetTheme): void {
  if (!/^#[0-9a-f]{6}$/i.test(theme.color)) {
    throw new DomainError(ErrorCode.ValidationFailed, 'theme.color: expected a colour such as #2563eb');
  }
  for (const key of ['title', 'greeting'] as const) {
    const value = theme[key];
    if (typeof value !== 'string' || value.length > 300) {
      throw new DomainError(ErrorCode.ValidationFailed, `theme.${key}: expected text of at most 300 characters`);
    }
  }
}
