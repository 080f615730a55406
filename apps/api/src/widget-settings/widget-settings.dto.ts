import { z } from 'zod';
import type { WidgetSettings } from '@app/conversations';

const themeText = z.string().max(300, 'expected at most 300 characters');

/** Origins and colours are checked by WidgetSettingsService, whose messages name the bad value. */
export const widgetSettingsSchema = z
  .object({
    agentId: z.string().uuid('expected a UUID'),
    allowedOrigins: z
      .array(z.string().max(300, 'expected at most 300 characters'))
      .max(100, 'expected at most 100 origins'),
    theme: z.object({ title: themeText, color: themeText, greeting: themeText }).partial().strict().optional(),
  })
  .strict();
export type WidgetSettingsDto = z.infer<typeof widgetSettingsSchema>;

/** The site key is public (it sits in the page's script tag), so it is shown every time. */
export function toWidgetSettingsView(settings: WidgetSettings) {
  return {
    siteKey: settings.siteKey,
    agentId: settings.agentId,
    allowedOrigins: settings.allowedOrigins,
    theme: settings.theme,
    createdAt: settings.createdAt,
    updatedAt: settings.updatedAt,
  };
}
