import { json, startTestApp, TestApp } from '../support/test-app';

describe('OpenAPI document and docs (HTTP)', () => {
  let t: TestApp;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let document: any;

  beforeAll(async () => {
    t = await startTestApp();
    const response = await fetch(`${t.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    document = await json(response);
  });

  afterAll(() => t.close());

  it('is generated from the controllers, with request bodies from the zod schemas', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('Seed API');
    const createCollection = document.paths['/v1/collections'].post;
    expect(createCollection.tags).toEqual(['knowledge']);
    expect(createCollection.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
      required: ['name'],
      additionalProperties: false,
    });
    expect(Object.keys(createCollection.responses)).toContain('201');
    expect(document.paths['/v1/collections'].get).toBeDefined();
    expect(document.paths['/v1/collections/{id}'].delete).toBeDefined();
  });

  it('documents users and login', () => {
    const users = document.paths['/v1/users'];
    expect(users.get.tags).toEqual(['users']);
    const userBody = users.post.requestBody.content['application/json'].schema;
    expect(userBody.properties.role).toEqual({ type: 'string', enum: ['admin', 'agent'] });
    expect(userBody.properties.password).toMatchObject({ minLength: 10 });
    expect(userBody.required.sort()).toEqual(['email', 'password', 'role']);
    expect(Object.keys(document.paths['/v1/users/{id}'].delete.responses)).toEqual(
      expect.arrayContaining(['204', '404']),
    );

    const login = document.paths['/v1/auth/login'].post;
    expect(Object.keys(login.requestBody.content['application/json'].schema.properties)).toEqual([
      'email',
      'password',
      'tenantId',
    ]);
    expect(login.security).toBeUndefined();
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
    expect(document.paths['/v1/auth/me'].get.security).toEqual([{ 'console-token': [] }]);
  });

  it('declares the bearer schemes, the shared error shape and the Idempotency-Key header', () => {
    expect(document.components.securitySchemes).toMatchObject({
      'api-key': { type: 'http', scheme: 'bearer' },
      'console-token': { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
    expect(document.components.schemas.Error.required).toEqual(['statusCode', 'code', 'message', 'requestId']);

    const createUser = document.paths['/v1/users'].post;
    expect(createUser.security).toEqual([{ 'api-key': [] }]);
    expect(createUser.responses['409'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(createUser.responses['429']).toBeDefined();
    expect(createUser.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(createUser.responses['422']).toBeDefined();
  });

  it('documents the existing agents and API key routes', () => {
    expect(
      document.paths['/v1/agents'].post.requestBody.content['application/json'].schema.properties.slug,
    ).toMatchObject({
      type: 'string',
      pattern: expect.any(String),
    });
    expect(document.paths['/v1/agents/{id}'].patch.requestBody).toBeDefined();
    expect(
      document.paths['/v1/api-keys'].post.requestBody.content['application/json'].schema.properties.scopes,
    ).toEqual(expect.objectContaining({ type: 'array' }));
    expect(document.paths['/v1/retrieve'].post.security).toEqual([{ 'api-key': [] }]);
  });

  it('serves Swagger UI at /docs, with its assets', async () => {
    const page = await fetch(`${t.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="swagger-ui"></div>');
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs/swagger-ui-init.js']) {
      const response = await fetch(`${t.baseUrl}${asset}`);
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(0);
    }
    expect(await (await fetch(`${t.baseUrl}/docs/swagger-ui-init.js`)).text()).toContain('"/openapi.json"');
    expect((await fetch(`${t.baseUrl}/docs/package.json`)).status).toBe(404);
  });
});
