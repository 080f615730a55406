import { describeInvalidRootUrl, looksLikeAsset, normalizeUrl, sameOrigin } from './crawl-url';

describe('crawl URLs', () => {
  it('normalises to one spelling per page', () => {
    expect(normalizeUrl('HTTP://Example.COM:80/a/../b?#frag')).toBe('http://example.com/b');
    expect(normalizeUrl('https://example.com:443')).toBe('https://example.com/');
    expect(normalizeUrl('c?q=1#x', 'https://example.com/a/b')).toBe('https://example.com/a/c?q=1');
    expect(normalizeUrl('ftp://example.com/file')).toBeNull();
    expect(normalizeUrl('https://user:pw@example.com/')).toBeNull();
    expect(normalizeUrl('http://[bad')).toBeNull();
  });

  it('explains why a root URL is refused', () => {
    expect(describeInvalidRootUrl('https://example.com/help')).toBeNull();
    expect(describeInvalidRootUrl('example.com')).toBe('expected an absolute http or https URL');
    expect(describeInvalidRootUrl('file:///etc/passwd')).toBe('expected an http or https URL (got file)');
    expect(describeInvalidRootUrl('https://a:b@example.com/')).toBe('credentials in the URL are not supported');
  });

  it('compares origins and spots asset links', () => {
    expect(sameOrigin('https://example.com/a', 'https://example.com:443/b')).toBe(true);
    expect(sameOrigin('https://example.com/a', 'http://example.com/a')).toBe(false);
    expect(looksLikeAsset('https://example.com/logo.PNG')).toBe(true);
    expect(looksLikeAsset('https://example.com/guide.pdf')).toBe(false);
  });
});
