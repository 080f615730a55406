import { gzipSync } from 'node:zlib';
import { DemoSiteKeyHolder } from '../../apps/api/src/widget/demo-site-key.provider';
import { json, startTestApp, TestApp } from '../support/test-app';

/** The size budget for the embeddable script (a size, not a timing). */
const WIDGET_GZIP_BUDGET_BYTES = 35 * 1024;

describe('widget assets and the demo page (HTTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(() => t.app.get(DemoSiteKeyHolder).use(null));

  describe('GET /widget.js', () => {
    it('serves the bundle as cacheable JavaScript with an ETag', async () => {
      const response = await fetch(`${t.baseUrl}/widget.js`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/javascript\b/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect(response.headers.get('etag')).toMatch(/^"[\w-]{16,}"$/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const code = await response.text();
      // The IIFE bundle carries its own socket.io client and looks for its script tag.
      expect(code).toContain('data-site-key');
      expect(code).toContain('/widget');
      expect(code).not.toMatch(/\bimport\s*\(|\brequire\(/);
    });

    it('stays within the gzipped size budget', async () => {
      const code = Buffer.from(await (await fetch(`${t.baseUrl}/widget.js`)).arrayBuffer());
      const gzipped = gzipSync(code, { level: 9 }).length;
      expect(gzipped).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET_BYTES);
    });

    it('never writes markup through innerHTML or outerHTML (message text goes through textContent)', async () => {
      const code = await (await fetch(`${t.baseUrl}/widget.js`)).text();
      expect(code).not.toMatch(/\b(?:innerHTML|outerHTML|insertAdjacentHTML)\b/);
      expect(code).not.toMatch(/document\.write\b/);
    });

    it('answers 304 without a body when the ETag still matches', async () => {
      const etag = (await fetch(`${t.baseUrl}/widget.js`)).headers.get('etag') ?? '';
      const revalidated = await fetch(`${t.baseUrl}/widget.js`, { headers: { 'if-none-match': `"other", W/${etag}` } });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe('');
      expect(revalidated.headers.get('etag')).toBe(etag);
      const changed = await fetch(`${t.baseUrl}/widget.js`, { headers: { 'if-none-match': '"stale"' } });
      expect(changed.status).toBe(200);
    });
  });

  describe('GET / (demo page)', () => {
    it('says the demo is not set up, without a widget tag, while no demo site key is known', async () => {
      const response = await fetch(`${t.baseUrl}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain('The demo is not set up');
      expect(html).not.toMatch(/<script\b/);
      expect(html).not.toContain('{{');
    });

    it('embeds the widget with the demo tenant site key, uncached and under a strict script policy', async () => {
      t.app.get(DemoSiteKeyHolder).use('site_demo_123');
      const response = await fetch(`${t.baseUrl}/`);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await response.text();
      expect(html).toContain('<script src="/widget.js" data-site-key="site_demo_123" async></script>');
      expect(html).toContain(`data-site-key=&#34;site_demo_123&#34;`);
      expect(html).toContain(`${t.baseUrl}/widget.js`);
      expect(html).not.toContain('The demo is not set up');
    });

    it('links the 8 to 12 help pages of the fictional company', async () => {
      const html = await (await fetch(`${t.baseUrl}/`)).text();
      const links = [...html.matchAll(/<a href="(\/demo\/help\/[a-z0-9-]+)">([^<]+)<\/a>/g)];
      expect(links.length).toBeGreaterThanOrEqual(8);
      expect(links.length).toBeLessThanOrEqual(12);
      expect(links.map(([, href]) => href)).toEqual(
        expect.arrayContaining(['/demo/help/shipping-and-delivery', '/demo/help/returns-and-refunds']),
      );
    });
  });

  describe('GET /demo/help/:slug', () => {
    it('renders a help page that demo citations can link to', async () => {
      const response = await fetch(`${t.baseUrl}/demo/help/shipping-and-delivery`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain('<h1>Shipping and delivery</h1>');
      expect(html).toContain('3 to 5 business days');
    });

    it.each(['no-such-page', '..%2Fpackage.json', 'shipping-and-delivery.md'])(
      'answers 404 naming the unknown page %p',
      async (slug) => {
        const response = await fetch(`${t.baseUrl}/demo/help/${slug}`);
        expect(response.status).toBe(404);
        const body = await json(response);
        expect(body).toMatchObject({ statusCode: 404, code: 'NotFound' });
        expect(body.message).toContain('demo help page');
      },
    );
  });
});
