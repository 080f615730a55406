/** A `{name}` placeholder in a tool's URL template. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export class UrlTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UrlTemplateError';
  }
}

export function templateVariables(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/**
 * Fills a URL template from validated arguments. Each value is percent-encoded as one path segment or
 * query value, so a visitor's "../admin" or "?x=1" can never change which endpoint is called, and the
 * result must keep the template's scheme, host and port.
 */
export function expandUrlTemplate(template: string, args: Record<string, unknown>): string {
  const expanded = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = args[name];
    if (value === undefined || value === null || typeof value === 'object') {
      throw new UrlTemplateError(`URL template needs a value for "${name}"`);
    }
    return encodeURIComponent(String(value));
  });
  const url = new URL(expanded);
  const base = new URL(template.replace(PLACEHOLDER, 'x'));
  if (url.origin !== base.origin) throw new UrlTemplateError('URL template must not let arguments change the host');
  return url.toString();
}
