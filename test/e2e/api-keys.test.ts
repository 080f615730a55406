import { apiKeySecret, json, startTestApp, TestApp } from '../support/test-app';

describe('API keys and tenancy (HTTP)', () => {
  let t: TestApp;
  let acme: { tenantId: string; adminKey: string };
  let globex: { tenantId: string; adminKey: string };

  const call = (path: string, key: string | undefined, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      ...init,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });

  beforeAll(async () => {
    t = await startTestApp();
    acme = await t.newTenant('acme');
    globex = await t.newTenant('globex');
  });

  afterAll(() => t.close());

  it('resolves the tenant from the key', async () => {
    const response = await call('/v1/tenant', acme.adminKey);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ id: acme.tenantId, name: 'acme', scopes: ['admin'] });
  });

  it.each([
    ['missing', undefined],
    ['malformed', 'not-a-key'],
    ['unknown', 'seed_0123456789ab_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('answers 401 with the error shape for a %s key', async (_case, key) => {
    const response = await call('/v1/tenant', key);
    expect(response.status).toBe(401);
    const body = await json(response);
    expect(body).toEqual({
      statusCode: 401,
      code: 'Unauthenticated',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(response.headers.get('x-request-id')).toBe(body.requestId);
  });

  it('answers 401 for a right prefix with a wrong secret', async () => {
    const forged = acme.adminKey.slice(0, -4) + (acme.adminKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await call('/v1/tenant', forged)).status).toBe(401);
  });

  it('creates a scoped key, which gets 403 outside its scope', async () => {
    const created = await call('/v1/api-keys', acme.adminKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'crm', scopes: ['integration'] }),
    });
    expect(created.status).toBe(201);
    const { key, id, prefix } = await json(created);
    expect(key).toMatch(new RegExp(`^seed_${prefix}_`));

    expect((await call('/v1/tenant', key)).status).toBe(200);
    const forbidden = await call('/v1/api-keys', key);
    expect(forbidden.status).toBe(403);
    expect(await json(forbidden)).toMatchObject({ code: 'Forbidden' });

    const listed = await json(await call('/v1/api-keys', acme.adminKey));
    expect(listed.data.find((row: { id: string }) => row.id === id)).toMatchObject({ prefix, scopes: ['integration'] });
    expect(JSON.stringify(listed)).not.toContain(key);
  });

  it('a revoked key gets 401 and the revocation is audited', async () => {
    const { key, id } = await json(
      await call('/v1/api-keys', acme.adminKey, {
        method: 'POST',
        body: JSON.stringify({ name: 'tmp', scopes: ['agent'] }),
      }),
    );
    expect((await call('/v1/tenant', key)).status).toBe(200);

    const revoked = await call(`/v1/api-keys/${id}`, acme.adminKey, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await json(revoked)).revokedAt).toEqual(expect.any(String));
    expect((await call('/v1/tenant', key)).status).toBe(401);

    const { rows } = await t.pool.query('SELECT action FROM audit_log WHERE tenant_id = $1 AND target = $2', [
      acme.tenantId,
      id,
    ]);
    expect(rows.map((row) => row.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it("another tenant's key id is 404 and stays untouched", async () => {
    const globexKeys = await json(await call('/v1/api-keys', globex.adminKey));
    const globexKeyId = globexKeys.data[0].id;

    const response = await call(`/v1/api-keys/${globexKeyId}`, acme.adminKey, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ code: 'NotFound' });
    expect((await call('/v1/tenant', globex.adminKey)).status).toBe(200);

    const acmeKeys = await json(await call('/v1/api-keys', acme.adminKey));
    expect(acmeKeys.data.map((row: { id: string }) => row.id)).not.toContain(globexKeyId);
  });

  it('rejects bad input with 400 naming the field, and creates nothing', async () => {
    const before = (await json(await call('/v1/api-keys', acme.adminKey))).data.length;
    const response = await call('/v1/api-keys', acme.adminKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', scopes: ['root'] }),
    });
    expect(response.status).toBe(400);
    expect((await json(response)).message).toMatch(/scopes\.0: expected one of admin, agent, integration/);
    const badId = await call('/v1/api-keys/not-a-uuid', acme.adminKey, { method: 'DELETE' });
    expect(badId.status).toBe(400);
    expect((await json(badId)).message).toMatch(/^id: /);
    const malformed = await call('/v1/api-keys', acme.adminKey, { method: 'POST', body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect((await json(await call('/v1/api-keys', acme.adminKey))).data.length).toBe(before);
  });

  it('never stores or logs a key in clear', async () => {
    const { rows } = await t.pool.query('SELECT * FROM api_keys');
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(acme.adminKey);
    expect(stored).not.toContain(apiKeySecret(acme.adminKey));

    await call('/v1/tenant', acme.adminKey, { headers: { 'x-request-id': 'trace-me-123' } });
    const logs = t.logs.join('');
    expect(logs).toContain('trace-me-123');
    expect(logs).not.toContain(apiKeySecret(acme.adminKey));
    expect(logs).toContain('[redacted]');
  });
});
