import { OutboundGuard, OutboundRefused } from '@app/core';
import { formatMegabytes } from '../parsing/parsed-document.types';
import { normalizeUrl } from './crawl-url';

export interface PageFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  /** Every hop, redirects included, goes through it: tenant-given URLs reach only allowed addresses. */
  guard: OutboundGuard;
}

export interface FetchedPage {
  /** Where the content came from after same-origin redirects, normalised. */
  url: string;
  status: number;
  /** The MIME type without parameters, if the server sent one. */
  mediaType: string | null;
  /** Empty unless the status is 2xx. */
  bytes: Buffer;
}

/** A page could not be fetched; `reason` reads well after the URL. */
export class PageFetchError extends Error {
  constructor(
    readonly reason: string,
    /** The server answered with a redirect the crawler does not follow (off the origin, too many). */
    readonly redirect = false,
  ) {
    super(reason);
    this.name = 'PageFetchError';
  }
}

const MAX_REDIRECTS = 5;

/**
 * GETs a URL with node's fetch under a time limit (body included) and a byte limit, following at most
 * five redirects and only within `origin`: a redirect off the site is reported, never followed.
 */
export async function fetchPage(url: string, origin: string, options: PageFetchOptions): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await options.guard.fetch(current, {
        redirect: 'manual',
        signal,
        headers: { 'user-agent': options.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        current = redirectTarget(location, current, origin);
        continue;
      }
      const mediaType = response.headers.get('content-type')?.split(';')[0].trim().toLowerCase() || null;
      if (!response.ok) {
        await response.body?.cancel();
        return { url: current, status: response.status, mediaType, bytes: Buffer.alloc(0) };
      }
      const bytes = await readLimited(response, options.maxBytes);
      return { url: current, status: response.status, mediaType, bytes };
    }
  } catch (error) {
    if (error instanceof OutboundRefused) throw new PageFetchError(error.message);
    throw error instanceof PageFetchError ? error : new PageFetchError(describeFetchFailure(error, options.timeoutMs));
  }
  throw new PageFetchError(`more than ${MAX_REDIRECTS} redirects`, true);
}

function redirectTarget(location: string, from: string, origin: string): string {
  const target = normalizeUrl(location, from);
  if (!target) throw new PageFetchError(`redirects to ${location}, which is not an http(s) URL`, true);
  if (new URL(target).origin !== origin) throw new PageFetchError(`redirects to another origin (${target})`, true);
  return target;
}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new PageFetchError(`larger than the ${formatMegabytes(maxBytes)} limit`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection reset',
};

/** fetch's own message is "fetch failed"; the useful part is in its cause. */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = failure?.cause;
  const known = cause?.code ? NETWORK_FAILURES[cause.code] : undefined;
  return known ?? cause?.message ?? failure?.message ?? String(error);
}
