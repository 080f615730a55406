import MarkdownIt from 'markdown-it';
import type { DemoHelpPage } from './demo-knowledge';

export interface DemoPageInput {
  siteKey: string | null;
  /** Public origin of this api as the browser reached it, for the snippet shown on the page. */
  origin: string;
  helpPages: Pick<DemoHelpPage, 'slug' | 'title'>[];
}

/**
 * The demo page is static except for these places; the site key only ever lands in the page
 * HTML-escaped. Scripts are same-origin only and no inline script runs (the widget does not need one).
 */
export const DEMO_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_SET_UP =
  '<p class="notice" role="status">The demo is not set up: no demo tenant has a site key on this server. ' +
  'Start Seed with <code>npm start</code> (embedded mode) to create one.</p>';

// Raw HTML in the help pages is shown as text: the pages are ours, but the renderer should not trust them.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function widgetSnippet(origin: string, siteKey: string): string {
  return `<script src="${origin}/widget.js" data-site-key="${siteKey}" async></script>`;
}

/** Fills demo/index.html's placeholders: the widget tag (or a notice), the snippet and the help links. */
export function renderDemoPage(template: string, input: DemoPageInput): string {
  const siteKey = input.siteKey ? escapeHtml(input.siteKey) : null;
  const values: Record<string, string> = {
    WIDGET: siteKey ? `<script src="/widget.js" data-site-key="${siteKey}" async></script>` : '',
    WIDGET_NOTICE: siteKey ? '' : NOT_SET_UP,
    SNIPPET: escapeHtml(widgetSnippet(input.origin, input.siteKey ?? 'site_...')),
    HELP_LINKS: input.helpPages
      .map((page) => `<li><a href="/demo/help/${encodeURIComponent(page.slug)}">${escapeHtml(page.title)}</a></li>`)
      .join('\n          '),
  };
  // A function replacement, so `$` sequences in the values are never interpreted.
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

/** One help page as a small standalone HTML document (what demo citations link to). */
export function renderHelpPage(page: Pick<DemoHelpPage, 'title' | 'markdown'>): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(page.title)} · Brightdesk help center</title>
    <style>
      body { max-width: 760px; margin: 0 auto; padding: 24px; font: 17px/1.6 system-ui, sans-serif; color: #1f2937; }
      table { border-collapse: collapse; } th, td { border: 1px solid #d6d3d1; padding: 4px 10px; text-align: left; }
      a { color: #0f766e; }
    </style>
  </head>
  <body>
    <p><a href="/">← Brightdesk home</a> · Brightdesk help center (demo content)</p>
    ${markdown.render(page.markdown)}
  </body>
</html>
`;
}
