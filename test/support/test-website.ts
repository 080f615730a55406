import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestPage {
  status?: number;
  /** Content-Type header; HTML by default. */
  type?: string;
  /** `{{origin}}` is replaced by the site's own origin when served. */
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Never answer (until the server closes): for timeouts. */
  hang?: boolean;
}

export interface TestWebsite {
  origin: string;
  /** Paths (with query) in the order they were requested. */
  requests: string[];
  userAgents: Set<string>;
  set(path: string, page: TestPage): void;
  remove(path: string): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (random port) serving pages a test can change between requests. */
export async function startTestWebsite(pages: Record<string, TestPage> = {}): Promise<TestWebsite> {
  const site = new Map(Object.entries(pages));
  const requests: string[] = [];
  const userAgents = new Set<string>();
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    userAgents.add(String(request.headers['user-agent']));
    const page = site.get(path);
    if (page?.hang) return;
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = typeof page.body === 'string' ? page.body.replaceAll('{{origin}}', origin) : (page.body ?? '');
    response
      .writeHead(page.status ?? 200, { 'content-type': page.type ?? 'text/html; charset=utf-8', ...page.headers })
      .end(body);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    userAgents,
    set: (path, page) => site.set(path, page),
    remove: (path) => site.delete(path),
    close: () =>
      new Promise((closed) => {
        server.close(() => closed());
        server.closeAllConnections(); // fetch keeps connections alive
      }),
  };
}

/** An HTML page with a title, a heading, a paragraph and links. */
export function htmlPage(title: string, text: string, links: string[] = []): TestPage {
  const anchors = links.map((href) => `<a href="${href}">${href}</a>`).join(' ');
  return {
    body: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p><nav>${anchors}</nav></body></html>`,
  };
}
