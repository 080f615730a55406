import { ConsoleTokens, SECRET_KEY, TokenSigner, verifyConsoleToken } from '@app/core';
import { json, startTestApp, TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery';

describe('console users and login (HTTP)', () => {
  let t: TestApp;
  let acme: { tenantId: string; adminKey: string };
  let globex: { tenantId: string; adminKey: string };

  const call = (path: string, bearer: string | undefined, init: RequestInit = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      ...init,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  const post = (path: string, bearer: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
    call(path, bearer, { method: 'POST', body: JSON.stringify(body), headers });
  const createUser = async (adminKey: string, user: Record<string, unknown>) => {
    const response = await post('/v1/users', adminKey, { password: PASSWORD, role: 'agent', ...user });
    expect(response.status).toBe(201);
    return json(response);
  };
  const login = (body: Record<string, unknown>) => post('/v1/auth/login', undefined, body);

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN: 5 });
    acme = await t.newTenant('acme');
    globex = await t.newTenant('globex');
  });

  afterAll(() => t.close());

  it('an admin key creates, lists and deletes users; the password hash never leaves', async () => {
    const created = await createUser(acme.adminKey, { email: 'Ana@Example.com', name: 'Ana', role: 'admin' });
    expect(created).toEqual({
      id: expect.any(String),
      email: 'ana@example.com',
      name: 'Ana',
      role: 'admin',
      createdAt: expect.any(String),
    });
    const listed = await json(await call('/v1/users', acme.adminKey));
    expect(listed.data).toEqual([created]);
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|password/i);
    expect((await json(await call('/v1/users', globex.adminKey))).data).toEqual([]);

    const { rows } = await t.pool.query('SELECT password_hash FROM users WHERE id = $1', [created.id]);
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain(PASSWORD);

    const deleted = await call(`/v1/users/${created.id}`, acme.adminKey, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await json(await call('/v1/users', acme.adminKey))).data).toEqual([]);
    const audit = await t.pool.query('SELECT action FROM audit_log WHERE target = $1 ORDER BY id', [created.id]);
    expect(audit.rows.map((row) => row.action)).toEqual(['user.created', 'user.deleted']);
  });

  it.each([
    [{ email: 'x@example.com', password: 'short', role: 'agent' }, /password: expected at least 10 characters/],
    [{ email: 'not-an-email', password: PASSWORD, role: 'agent' }, /email: expected an email address/],
    [{ email: 'x@example.com', password: PASSWORD, role: 'owner' }, /role: expected one of admin, agent/],
    [{ email: 'x@example.com', password: PASSWORD }, /role: /],
    [{ email: 'x@example.com', password: PASSWORD, role: 'agent', extra: 1 }, /Unrecognized key/],
  ])('refuses a bad user with 400 naming the field (%#)', async (body, message) => {
    const response = await post('/v1/users', acme.adminKey, body);
    expect(response.status).toBe(400);
    expect((await json(response)).message).toMatch(message);
  });

  it('refuses a duplicate email in a tenant (409), an unknown or foreign user id (404), and non-admin keys (403)', async () => {
    const user = await createUser(acme.adminKey, { email: 'dup@example.com' });
    const duplicate = await post('/v1/users', acme.adminKey, {
      email: 'DUP@example.com',
      password: PASSWORD,
      role: 'agent',
    });
    expect(duplicate.status).toBe(409);
    expect(await json(duplicate)).toMatchObject({
      code: 'Conflict',
      message: 'a user with email dup@example.com already exists',
    });

    const foreign = await call(`/v1/users/${user.id}`, globex.adminKey, { method: 'DELETE' });
    expect(foreign.status).toBe(404);
    expect((await call('/v1/users/not-a-uuid', acme.adminKey, { method: 'DELETE' })).status).toBe(400);

    const { key } = await json(await post('/v1/api-keys', acme.adminKey, { name: 'crm', scopes: ['integration'] }));
    expect((await call('/v1/users', key)).status).toBe(403);
    expect((await call('/v1/users', undefined)).status).toBe(401);
  });

  it('logs in with tenantId and returns a console token the gateways can verify', async () => {
    const user = await createUser(acme.adminKey, { email: 'bo@example.com', name: 'Bo' });
    const response = await login({ email: 'Bo@Example.com', password: PASSWORD, tenantId: acme.tenantId });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toEqual({
      token: expect.any(String),
      expiresAt: expect.any(String),
      user: { ...user, tenantId: acme.tenantId },
    });
    const ttlMs = new Date(body.expiresAt).getTime() - Date.now();
    expect(ttlMs).toBeGreaterThan(14 * 60_000);
    expect(ttlMs).toBeLessThanOrEqual(15 * 60_000);

    expect(verifyConsoleToken(t.app.get(TokenSigner), body.token)).toEqual({
      userId: user.id,
      tenantId: acme.tenantId,
      role: 'agent',
    });
    expect(t.app.get(ConsoleTokens).verify(body.token).userId).toBe(user.id);
    const me = await call('/v1/auth/me', body.token);
    expect(me.status).toBe(200);
    expect(await json(me)).toEqual({ ...user, tenantId: acme.tenantId });

    const audit = await t.pool.query(
      `SELECT actor, details FROM audit_log WHERE action = 'auth.login' AND target = $1`,
      [user.id],
    );
    expect(audit.rows).toEqual([{ actor: `user:${user.id}`, details: { ip: '127.0.0.1' } }]);
  });

  it('finds the tenant when the email and password match one account only', async () => {
    await createUser(acme.adminKey, { email: 'cy@example.com' });
    const other = await createUser(globex.adminKey, { email: 'cy@example.com', password: 'another long password' });
    const response = await login({ email: 'cy@example.com', password: 'another long password' });
    expect(response.status).toBe(200);
    expect((await json(response)).user).toMatchObject({ id: other.id, tenantId: globex.tenantId });
  });

  it('asks for tenantId when the credentials match accounts in several tenants', async () => {
    await createUser(acme.adminKey, { email: 'di@example.com' });
    const theirs = await createUser(globex.adminKey, { email: 'di@example.com' });
    const ambiguous = await login({ email: 'di@example.com', password: PASSWORD });
    expect(ambiguous.status).toBe(400);
    expect((await json(ambiguous)).message).toBe(
      'tenantId is required: these credentials match accounts in several tenants',
    );
    const chosen = await login({ email: 'di@example.com', password: PASSWORD, tenantId: globex.tenantId });
    expect((await json(chosen)).user.id).toBe(theirs.id);
  });

  it('answers a wrong password and an unknown email with the same 401, and audits the failures', async () => {
    const user = await createUser(acme.adminKey, { email: 'ed@example.com' });
    const wrong = await login({ email: 'ed@example.com', password: 'not the password', tenantId: acme.tenantId });
    const unknown = await login({ email: 'nobody@example.com', password: PASSWORD, tenantId: acme.tenantId });
    const elsewhere = await login({ email: 'ed@example.com', password: PASSWORD, tenantId: globex.tenantId });
    for (const response of [wrong, unknown, elsewhere]) {
      expect(response.status).toBe(401);
      expect(await json(response)).toEqual({
        statusCode: 401,
        code: 'Unauthenticated',
        message: 'invalid email or password',
        requestId: expect.any(String),
      });
    }
    const { rows } = await t.pool.query(
      `SELECT tenant_id AS "tenantId", target, details->>'reason' AS reason FROM audit_log
       WHERE action = 'auth.login_failed' AND details->>'email' IN ('ed@example.com', 'nobody@example.com') ORDER BY id`,
    );
    expect(rows).toEqual([
      { tenantId: acme.tenantId, target: user.id, reason: 'wrong password' },
      { tenantId: acme.tenantId, target: null, reason: 'unknown email' },
      { tenantId: globex.tenantId, target: null, reason: 'unknown email' },
    ]);
  });

  it.each([
    [{ email: 'a@example.com' }, /password: Required/],
    [{ email: 'a@example.com', password: PASSWORD, tenantId: 'acme' }, /tenantId: expected a UUID/],
    [{ email: 'a@example.com', password: 'x'.repeat(257) }, /password: expected at most 256 characters/],
  ])('refuses a malformed login with 400 (%#)', async (body, message) => {
    const response = await login(body);
    expect(response.status).toBe(400);
    expect((await json(response)).message).toMatch(message);
  });

  it('refuses expired, forged, visitor and API-key tokens on console routes', async () => {
    const user = await createUser(acme.adminKey, { email: 'fay@example.com' });
    const key: Buffer = t.app.get(SECRET_KEY);
    const claims = { sub: user.id, tid: acme.tenantId, role: 'agent' };
    const anHourAgo = new TokenSigner(key, () => Date.now() - 3_600_000);
    const expired = anHourAgo.sign(claims, 900, 'console').token;
    const visitor = t.app.get(TokenSigner).sign(claims, 900, 'visitor').token;
    const forged = new TokenSigner(Buffer.alloc(32, 7)).sign(claims, 900, 'console').token;

    const cases: [string | undefined, string][] = [
      [expired, 'token expired'],
      [visitor, 'token invalid'],
      [forged, 'token invalid'],
      [acme.adminKey, 'token invalid'],
      [undefined, 'missing console token (Authorization: Bearer <token>)'],
    ];
    for (const [token, message] of cases) {
      const response = await call('/v1/auth/me', token);
      expect(response.status).toBe(401);
      expect(await json(response)).toMatchObject({ code: 'Unauthenticated', message });
    }
  });

  it("a deleted user's token stops working on /v1/auth/me", async () => {
    const user = await createUser(acme.adminKey, { email: 'gus@example.com' });
    const { token } = await json(await login({ email: 'gus@example.com', password: PASSWORD }));
    expect((await call('/v1/auth/me', token)).status).toBe(200);
    await call(`/v1/users/${user.id}`, acme.adminKey, { method: 'DELETE' });
    const response = await call('/v1/auth/me', token);
    expect(response.status).toBe(401);
    expect((await json(response)).message).toBe('this user no longer exists');
  });

  it('limits login attempts per email (429 with Retry-After), even with the right password', async () => {
    await createUser(acme.adminKey, { email: 'hal@example.com' });
    for (let i = 0; i < 5; i++) {
      expect((await login({ email: 'hal@example.com', password: 'guess number ' + i })).status).toBe(401);
    }
    const limited = await login({ email: 'HAL@example.com', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(limited)).toMatchObject({
      code: 'RateLimited',
      message: expect.stringMatching(/^rate limit exceeded: 5 login attempts per email address per minute/),
    });
    // Another account is not affected.
    await createUser(acme.adminKey, { email: 'ivy@example.com' });
    expect((await login({ email: 'ivy@example.com', password: PASSWORD })).status).toBe(200);
  });

  it('never replays a login from an Idempotency-Key (the response is a live token)', async () => {
    await createUser(acme.adminKey, { email: 'jo@example.com' });
    const headers = { 'idempotency-key': 'login-1' };
    const first = await post('/v1/auth/login', undefined, { email: 'jo@example.com', password: PASSWORD }, headers);
    const second = await post('/v1/auth/login', undefined, { email: 'jo@example.com', password: PASSWORD }, headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    const { rows } = await t.pool.query('SELECT count(*)::int AS n FROM idempotency_keys');
    expect(rows[0].n).toBe(0);
  });
});
