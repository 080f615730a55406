import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * Swagger UI at /docs, served from the swagger-ui-dist package by three plain routes. Nest's own UI
 * setup needs @fastify/static, whose current release is ESM-only underneath and does not load under
 * Jest; three files do not need a static file server.
 */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const page = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-init.js"></script>
</body>
</html>
`;

// A separate file rather than an inline script, so a strict Content-Security-Policy can serve the page.
const initScript = (documentUrl: string) =>
  `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui', persistAuthorization: true });\n`;

export function registerSwaggerUi(fastify: FastifyInstance, documentUrl: string, title: string): void {
  const distDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Promise<Buffer>>();
  const asset = (name: string) => {
    if (!cache.has(name)) cache.set(name, readFile(join(distDir, name)));
    return cache.get(name) as Promise<Buffer>;
  };

  fastify.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(page(title)));
  fastify.get('/docs/swagger-ui-init.js', (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(initScript(documentUrl)),
  );
  for (const [name, type] of Object.entries(ASSETS)) {
    fastify.get(`/docs/${name}`, async (_request, reply) =>
      reply
        .type(type)
        .header('cache-control', 'public, max-age=86400')
        .send(await asset(name)),
    );
  }
}
