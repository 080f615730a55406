import { WidgetSettingsService } from '@app/conversations';
import { DEMO_TENANT_NAME, DemoSetup, DemoTenant } from '../../apps/api/src/widget/demo-setup.service';
import { DemoSiteKeyHolder } from '../../apps/api/src/widget/demo-site-key.provider';
import { json, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('the demo tenant of the embedded start', () => {
  let t: TestApp;
  let demo: DemoTenant;

  beforeAll(async () => {
    t = await startTestApp();
    demo = (await t.app.get(DemoSetup).ensure([t.baseUrl]))!;
  });

  afterAll(async () => {
    t.app.get(DemoSiteKeyHolder).use(null);
    await t.close();
  });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${demo.adminKey}`, 'content-type': 'application/json' },
    });

  it('ingests every help page and serves the demo page with its site key', async () => {
    expect(demo.siteKey).toMatch(/^site_[0-9a-f]{24}$/);
    const documents = await waitFor('demo help pages to be ready', async () => {
      const page = await json(await call(`/v1/collections/${demo.collectionId}/documents?limit=50`));
      return page.data.length >= 8 && page.data.every((document: { status: string }) => document.status === 'ready')
        ? page.data
        : null;
    });
    expect(documents.map((document: { sourceUrl: string }) => document.sourceUrl)).toContain(
      `${t.baseUrl}/demo/help/shipping-and-delivery`,
    );
    const page = await (await fetch(`${t.baseUrl}/`)).text();
    expect(page).toContain(`data-site-key="${demo.siteKey}"`);
  });

  it('answers a question from the help pages with a citation that links to the page', async () => {
    const response = await call(`/v1/agents/${demo.agentId}/preview`, {
      method: 'POST',
      body: JSON.stringify({ message: 'How much does express delivery cost?' }),
    });
    const reply = await json(response);
    expect(response.status).toBe(200);
    expect(reply.tier).toBe('slm');
    expect(reply.text).toContain('59 EUR');
    expect(reply.citations[0].sourceUrl).toBe(`${t.baseUrl}/demo/help/shipping-and-delivery`);
  });

  it('is found again on a later start: same tenant and site key, the new origin allowed, no new key shown', async () => {
    const again = (await t.app.get(DemoSetup).ensure(['http://localhost:4999']))!;
    expect(again).toMatchObject({ tenantId: demo.tenantId, siteKey: demo.siteKey, adminKey: null });
    const settings = await t.app.get(WidgetSettingsService).get(demo.tenantId);
    expect(settings.allowedOrigins).toEqual([t.baseUrl, 'http://localhost:4999']);
    const { rows } = await t.pool.query('SELECT count(*)::int AS n FROM tenants WHERE name = $1', [DEMO_TENANT_NAME]);
    expect(rows[0].n).toBe(1);
  });
});
