import type { WidgetTheme } from '@app/conversations';

export type WidgetPosition = 'left' | 'right';

/** What the script tag says: which tenant, where the server is, and the page's theme overrides. */
export interface WidgetOptions {
  siteKey: string;
  /** The `/widget` namespace on the server that served the script. */
  namespaceUrl: string;
  /** socket.io's engine path, under the same prefix as the script (a reverse proxy may add one). */
  socketPath: string;
  overrides: Partial<WidgetTheme>;
  position: WidgetPosition;
}

export const DEFAULT_THEME: WidgetTheme = {
  title: 'Chat with us',
  color: '#2563eb',
  greeting: 'Hi! Ask me anything about our products and services.',
};

const LIMITS = { title: 60, greeting: 500 } as const;

/**
 * Reads the script tag. `scriptSrc` is the absolute URL the browser resolved (`script.src`), so the
 * widget talks to the server that served it whatever page embeds it.
 */
export function readWidgetOptions(scriptSrc: string, attribute: (name: string) => string | null): WidgetOptions {
  const siteKey = (attribute('data-site-key') ?? '').trim();
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(siteKey)) {
    throw new Error('the script tag needs data-site-key="site_..." (letters, digits, "_" and "-")');
  }
  let src: URL;
  try {
    src = new URL(scriptSrc);
  } catch {
    throw new Error(`cannot tell the server from the script's src "${scriptSrc}"`);
  }
  if (src.protocol !== 'http:' && src.protocol !== 'https:') {
    throw new Error(`the script must be served over http(s), not ${src.protocol}`);
  }
  const prefix = src.pathname.slice(0, src.pathname.lastIndexOf('/') + 1);
  return {
    siteKey,
    namespaceUrl: `${src.origin}/widget`,
    socketPath: `${prefix}socket.io`,
    overrides: themeFrom({
      title: attribute('data-title'),
      color: attribute('data-color'),
      greeting: attribute('data-greeting'),
    }),
    position: attribute('data-position') === 'left' ? 'left' : 'right',
  };
}

/** The page's attributes win over the tenant's theme, which wins over the defaults. */
export function resolveTheme(server: Partial<WidgetTheme> | null | undefined, overrides: Partial<WidgetTheme>) {
  return { ...DEFAULT_THEME, ...themeFrom(server ?? {}), ...overrides };
}

/**
 * A colour lands in a CSS custom property; only plain colour syntax is accepted so nothing else
 * (`url(...)`, `;`, braces) can reach the stylesheet.
 */
export function isSafeColor(value: string): boolean {
  return (
    /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value) ||
    /^(?:rgb|rgba|hsl|hsla)\([\d\s.,%/]+\)$/i.test(value) ||
    /^[a-z]{3,30}$/i.test(value)
  );
}

/** Black or white text, whichever reads better on a hex accent colour (white for other syntaxes). */
export function readableTextColor(color: string): '#ffffff' | '#111827' {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return '#ffffff';
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((offset) => linear(parseInt(full.slice(offset, offset + 2), 16) / 255));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // WCAG contrast against white vs against near-black: pick the larger one.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0625 ? '#ffffff' : '#111827';
}

function linear(channel: number): number {
  return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}

function themeFrom(source: { [K in keyof WidgetTheme]?: string | null }): Partial<WidgetTheme> {
  const theme: Partial<WidgetTheme> = {};
  const title = clean(source.title, LIMITS.title);
  const greeting = clean(source.greeting, LIMITS.greeting);
  const color = typeof source.color === 'string' ? source.color.trim() : '';
  if (title) theme.title = title;
  if (greeting) theme.greeting = greeting;
  if (color && isSafeColor(color)) theme.color = color;
  return theme;
}

function clean(value: string | null | undefined, limit: number): string {
  if (typeof value !== 'string') return '';
  const trimmed = value.trim();
  return trimmed.length > limit ? `${trimmed.slice(0, limit - 1)}…` : trimmed;
}
