import { apiKeySecret, json, startTestApp, TestApp } from '../support/test-app';

describe('Idempotency-Key on POST (HTTP)', () => {
  let t: TestApp;
  let acme: { tenantId: string; adminKey: string };
  let globex: { tenantId: string; adminKey: string };

  const post = (path: string, key: string, body: unknown, idempotencyKey?: string) =>
    fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        ...(idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
    });
  const collectionNames = async (key: string): Promise<string[]> => {
    const response = await fetch(`${t.baseUrl}/v1/collections`, { headers: { authorization: `Bearer ${key}` } });
    return (await json(response)).data.map((collection: { name: string }) => collection.name);
  };

  beforeAll(async () => {
    t = await startTestApp();
    acme = await t.newTenant('acme');
    globex = await t.newTenant('globex');
  });

  afterAll(() => t.close());

  it('a retried request returns the first response and creates nothing twice', async () => {
    const first = await post('/v1/collections', acme.adminKey, { name: 'faq' }, 'create-faq-1');
    const second = await post('/v1/collections', acme.adminKey, { name: 'faq' }, 'create-faq-1');
    const third = await post('/v1/collections', acme.adminKey, { name: 'faq' }, 'create-faq-1');
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201]);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const body = await json(first);
    expect(await json(second)).toEqual(body);
    expect(await json(third)).toEqual(body);
    expect((await collectionNames(acme.adminKey)).filter((name) => name === 'faq')).toHaveLength(1);

    // Without the key the same request really runs again (and meets the unique name).
    expect((await post('/v1/collections', acme.adminKey, { name: 'faq' })).status).toBe(409);
  });

  it('concurrent duplicates create one collection: the others wait for their turn (409) or replay', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post('/v1/collections', acme.adminKey, { name: 'concurrent' }, 'race-1')),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const created = responses.filter((response) => response.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const ids = new Set(await Promise.all(created.map(async (response) => (await json(response)).id)));
    expect(ids.size).toBe(1);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect((await json(response)).message).toBe('a request with this Idempotency-Key is still in progress');
    }
    expect((await collectionNames(acme.adminKey)).filter((name) => name === 'concurrent')).toHaveLength(1);
    // Once the first has finished, every retry replays it.
    const retry = await post('/v1/collections', acme.adminKey, { name: 'concurrent' }, 'race-1');
    expect(retry.status).toBe(201);
    expect(ids.has((await json(retry)).id)).toBe(true);
  });

  it('the same key with a different body is 422 and runs nothing', async () => {
    expect((await post('/v1/collections', acme.adminKey, { name: 'one' }, 'reuse-1')).status).toBe(201);
    const reused = await post('/v1/collections', acme.adminKey, { name: 'two' }, 'reuse-1');
    expect(reused.status).toBe(422);
    expect(await json(reused)).toEqual({
      statusCode: 422,
      code: 'Unprocessable',
      message: 'Idempotency-Key reused with a different request body',
      requestId: expect.any(String),
    });
    expect(await collectionNames(acme.adminKey)).not.toContain('two');
  });

  it('keys are scoped by caller and by route', async () => {
    expect((await post('/v1/collections', acme.adminKey, { name: 'shared' }, 'scoped-1')).status).toBe(201);
    const otherTenant = await post('/v1/collections', globex.adminKey, { name: 'shared' }, 'scoped-1');
    expect(otherTenant.status).toBe(201);
    expect(otherTenant.headers.get('idempotent-replayed')).toBeNull();
    expect(await collectionNames(globex.adminKey)).toContain('shared');

    const otherRoute = await post('/v1/api-keys', acme.adminKey, { name: 'crm', scopes: ['integration'] }, 'scoped-1');
    expect(otherRoute.status).toBe(201);
    expect((await json(otherRoute)).key).toMatch(/^seed_/);
  });

  it('replays a new API key to a retry without ever storing it in clear', async () => {
    const body = { name: 'retried', scopes: ['integration'] };
    const first = await json(await post('/v1/api-keys', acme.adminKey, body, 'new-key-1'));
    const replay = await post('/v1/api-keys', acme.adminKey, body, 'new-key-1');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(replay)).toEqual(first);
    const { rows } = await t.pool.query(`SELECT * FROM idempotency_keys WHERE key = 'new-key-1'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].sealed_response.toString('latin1')).not.toContain(apiKeySecret(first.key));
    expect(JSON.stringify(rows)).not.toContain(apiKeySecret(first.key));
  });

  it('replays the status of routes that answer 200', async () => {
    const { id } = await json(await post('/v1/collections', acme.adminKey, { name: 'search-me' }));
    const query = { collectionIds: [id], query: 'anything' };
    const first = await post('/v1/retrieve', acme.adminKey, query, 'retrieve-1');
    const replay = await post('/v1/retrieve', acme.adminKey, query, 'retrieve-1');
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(replay)).toEqual(await json(first));
  });

  it('a failed request is forgotten, so the client may retry it', async () => {
    const failed = await post('/v1/collections', acme.adminKey, { name: '' }, 'fix-and-retry');
    expect(failed.status).toBe(400);
    const fixed = await post('/v1/collections', acme.adminKey, { name: 'fixed' }, 'fix-and-retry');
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a key still in progress is 409; one left by a crashed request is taken over after 5 minutes', async () => {
    expect((await post('/v1/collections', acme.adminKey, { name: 'stuck' }, 'stuck-1')).status).toBe(201);
    await t.pool.query(`UPDATE idempotency_keys SET state = 'in_progress' WHERE key = 'stuck-1'`);
    const busy = await post('/v1/collections', acme.adminKey, { name: 'stuck' }, 'stuck-1');
    expect(busy.status).toBe(409);
    expect((await json(busy)).message).toBe('a request with this Idempotency-Key is still in progress');

    await t.pool.query(`UPDATE idempotency_keys SET created_at = now() - interval '6 minutes' WHERE key = 'stuck-1'`);
    const takenOver = await post('/v1/collections', acme.adminKey, { name: 'unstuck' }, 'stuck-1');
    expect(takenOver.status).toBe(201);
    expect(await collectionNames(acme.adminKey)).toContain('unstuck');
  });

  it('keys expire after 24 hours', async () => {
    expect((await post('/v1/collections', acme.adminKey, { name: 'old' }, 'old-1')).status).toBe(201);
    await t.pool.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-1'`);
    const reusedLater = await post('/v1/collections', acme.adminKey, { name: 'new' }, 'old-1');
    expect(reusedLater.status).toBe(201);
    expect(reusedLater.headers.get('idempotent-replayed')).toBeNull();
    expect(await collectionNames(acme.adminKey)).toEqual(expect.arrayContaining(['old', 'new']));
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['with a space', 'two words'],
  ])('refuses an Idempotency-Key that is %s with 400, and runs nothing', async (_case, key) => {
    const response = await post('/v1/collections', acme.adminKey, { name: `bad-key-${key.length}` }, key);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({
      code: 'ValidationFailed',
      message: 'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)',
    });
    expect(await collectionNames(acme.adminKey)).not.toContain(`bad-key-${key.length}`);
  });

  it('accepts a 255-character key', async () => {
    expect((await post('/v1/collections', acme.adminKey, { name: 'long-key' }, 'k'.repeat(255))).status).toBe(201);
  });

  it("stored responses go with their tenant's key, and unauthenticated requests never store anything", async () => {
    const before = (await t.pool.query('SELECT count(*)::int AS n FROM idempotency_keys')).rows[0].n;
    const response = await post('/v1/collections', 'not-a-key', { name: 'x' }, 'anon-1');
    expect(response.status).toBe(401);
    expect((await t.pool.query('SELECT count(*)::int AS n FROM idempotency_keys')).rows[0].n).toBe(before);
    const { rows } = await t.pool.query(`SELECT DISTINCT tenant_id AS "tenantId" FROM idempotency_keys`);
    expect(rows.map((row) => row.tenantId).sort()).toEqual([acme.tenantId, globex.tenantId].sort());
  });
});
