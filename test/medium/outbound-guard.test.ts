import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundGuard, OutboundPolicy, OutboundRefused } from '@app/core';

/** The guard against a real server on 127.0.0.1: what each policy lets through, and where it stops a call. */
describe('OutboundGuard (real sockets, real DNS lookups)', () => {
  let server: Server;
  let port: number;
  const requests: string[] = [];
  const guards: OutboundGuard[] = [];
  const guardOf = (policy: Partial<OutboundPolicy>) => {
    const guard = new OutboundGuard({ allowPrivate: false, allowedHosts: [], ...policy });
    guards.push(guard);
    return guard;
  };
  /** The body, or the refusal's message; any other failure fails the test. */
  const attempt = async (guard: OutboundGuard, url: string, init?: RequestInit) => {
    try {
      return await (await guard.fetch(url, { signal: AbortSignal.timeout(5_000), ...init })).text();
    } catch (error) {
      if (error instanceof OutboundRefused) return `refused: ${error.message}`;
      throw error;
    }
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === '/to-literal')
        return response.writeHead(302, { location: `http://127.0.0.1:${port}/` }).end();
      response.end('hello');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await Promise.all(guards.map((guard) => guard.onApplicationShutdown()));
    await new Promise((done) => server.close(done));
  });

  it('refuses by default every spelling of loopback, by literal or by name, before any request is made', async () => {
    const strict = guardOf({});
    const before = requests.length;
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '0x7f.1', '2130706433', '[::1]']) {
      expect(await attempt(strict, `http://${host}:${port}/`)).toMatch(/^refused: \S+ is a loopback address, /);
    }
    expect(await attempt(strict, `http://localhost:${port}/`)).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address, which Seed does not connect to/,
    );
    expect(await attempt(strict, 'http://169.254.169.254/latest/meta-data/')).toContain('link-local');
    expect(await attempt(strict, `http://0.0.0.0:${port}/`)).toContain('the unspecified address');
    expect(await attempt(strict, 'file:///etc/passwd')).toBe('refused: only http and https URLs are called, not file:');
    expect(requests.length).toBe(before);
  });

  it('lets OUTBOUND_ALLOW_PRIVATE reach loopback, by literal and by name, but never link-local', async () => {
    const open = guardOf({ allowPrivate: true });
    expect(await attempt(open, `http://127.0.0.1:${port}/`)).toBe('hello');
    expect(await attempt(open, `http://localhost:${port}/`)).toBe('hello');
    expect(await attempt(open, `http://[::ffff:127.0.0.1]:${port}/`)).toBe('hello');
    expect(await attempt(open, 'http://169.254.169.254/latest/meta-data/')).toContain('link-local');
  });

  it('lets OUTBOUND_ALLOWED_HOSTS reach what it names, and checks every redirect hop on its own', async () => {
    const byName = guardOf({ allowedHosts: ['localhost'] });
    expect(await attempt(byName, `http://localhost:${port}/`)).toBe('hello');
    expect(await attempt(byName, `http://127.0.0.1:${port}/`)).toContain('refused: 127.0.0.1 is a loopback address');
    // fetch follows this redirect itself: the hop to the literal address is refused where its socket opens.
    const before = requests.length;
    expect(await attempt(byName, `http://localhost:${port}/to-literal`)).toContain('127.0.0.1 is a loopback address');
    expect(requests.slice(before)).toEqual(['/to-literal']);

    const byRange = guardOf({ allowedHosts: ['127.0.0.0/8'] });
    expect(await attempt(byRange, `http://127.0.0.1:${port}/`)).toBe('hello');
    expect(await attempt(byRange, `http://[::ffff:127.0.0.1]:${port}/`)).toBe('hello');
  });
});
