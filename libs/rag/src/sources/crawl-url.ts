/**
 * URL rules shared by the request edge and the crawler. A crawl stays on its root's origin and visits
 * each page once, so every URL is reduced to one spelling first: no fragment (same page), no empty
 * query, scheme and host lowercase and default ports dropped (the WHATWG URL parser does those two).
 */

export const CRAWLABLE_PROTOCOLS = new Set(['http:', 'https:']);

// Assets a link crawl would only fetch to throw away: they never become documents.
const ASSET_EXTENSION =
  /\.(?:png|jpe?g|gif|webp|svg|ico|bmp|tiff?|css|js|mjs|map|woff2?|ttf|otf|eot|mp[34]|m4a|wav|ogg|webm|avi|mov|zip|gz|tgz|rar|7z|exe|dmg|iso|apk)$/i;

/** Why a URL cannot be a source root, or null when it can. */
export function describeInvalidRootUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected an absolute http or https URL';
  }
  if (!CRAWLABLE_PROTOCOLS.has(url.protocol)) {
    return `expected an http or https URL (got ${url.protocol.replace(/:$/, '')})`;
  }
  if (url.username || url.password) return 'credentials in the URL are not supported';
  return null;
}

/** The canonical spelling of `href` (resolved against `base`), or null when it is not an http(s) URL. */
export function normalizeUrl(href: string, base?: string | URL): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (!CRAWLABLE_PROTOCOLS.has(url.protocol) || url.username || url.password) return null;
  url.hash = '';
  if (!url.search) url.search = ''; // drops a bare '?'
  return url.href;
}

export function sameOrigin(a: string, b: string): boolean {
  return new URL(a).origin === new URL(b).origin;
}

export function looksLikeAsset(url: string): boolean {
  return ASSET_EXTENSION.test(new URL(url).pathname);
}
