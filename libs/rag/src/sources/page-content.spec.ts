import { extractHtmlLinks, parseSitemap } from './page-content';

describe('parseSitemap', () => {
  it('reads the page locations of a urlset', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc> https://example.com/a </loc><lastmod>2024-01-01</lastmod></url>
        <url><loc>https://example.com/b?x=1&amp;y=2</loc></url>
        <url><lastmod>2024-01-01</lastmod></url>
      </urlset>`;
    expect(parseSitemap(xml)).toEqual({
      kind: 'urlset',
      locations: ['https://example.com/a', 'https://example.com/b?x=1&y=2'],
    });
  });

  it('reads the sitemaps of a sitemapindex, with a namespace prefix too', () => {
    const xml = `<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sm:sitemap><sm:loc>https://example.com/one.xml</sm:loc></sm:sitemap>
      </sm:sitemapindex>`;
    expect(parseSitemap(xml)).toEqual({ kind: 'sitemapindex', locations: ['https://example.com/one.xml'] });
  });

  it('returns null for XML or HTML that is not a sitemap', () => {
    expect(parseSitemap('<rss><channel/></rss>')).toBeNull();
    expect(parseSitemap('<!doctype html><html><body>hi</body></html>')).toBeNull();
  });
});

describe('extractHtmlLinks', () => {
  it('resolves links against the page or its <base>, drops fragments and non-http links, dedupes', () => {
    const html = `<html><head></head><body>
      <a href="/a#top">A</a> <a href="/a">A again</a> <a href="b?">B</a>
      <a href="mailto:x@example.com">mail</a> <a href="javascript:void(0)">js</a>
      <a href="https://other.example/x">other</a></body></html>`;
    expect(extractHtmlLinks(html, 'https://example.com/docs/index.html', 'SeedBot').links).toEqual([
      'https://example.com/a',
      'https://example.com/docs/b',
      'https://other.example/x',
    ]);
    const based = '<html><head><base href="https://example.com/v2/"></head><body><a href="c">C</a></body></html>';
    expect(extractHtmlLinks(based, 'https://example.com/docs/', 'SeedBot').links).toEqual(['https://example.com/v2/c']);
  });

  it('reads robots meta tags, generic or naming the bot', () => {
    const page = (meta: string) => `<html><head>${meta}</head><body><a href="/x">x</a></body></html>`;
    expect(extractHtmlLinks(page(''), 'https://e.com/', 'SeedBot')).toMatchObject({ nofollow: false, noindex: false });
    expect(
      extractHtmlLinks(page('<meta name="robots" content="noindex, nofollow">'), 'https://e.com/', 'SeedBot'),
    ).toMatchObject({ nofollow: true, noindex: true });
    expect(
      extractHtmlLinks(page('<meta name="SeedBot" content="nofollow">'), 'https://e.com/', 'SeedBot'),
    ).toMatchObject({ nofollow: true, noindex: false });
    expect(extractHtmlLinks(page('<meta name="otherbot" content="none">'), 'https://e.com/', 'SeedBot')).toMatchObject({
      nofollow: false,
      noindex: false,
    });
  });
});
