import { load } from 'cheerio';
import { normalizeUrl } from './crawl-url';

export interface SitemapContent {
  /** `urlset` lists pages; `sitemapindex` lists further sitemaps. */
  kind: 'urlset' | 'sitemapindex';
  locations: string[];
}

/** A sitemap (sitemaps.org protocol), read with cheerio's XML mode; null when the XML is not one. */
export function parseSitemap(xml: string): SitemapContent | null {
  const $ = load(xml, { xml: true });
  const root = $.root().children().first();
  const name = root.prop('tagName')?.toLowerCase().replace(/^.*:/, '');
  if (name !== 'urlset' && name !== 'sitemapindex') return null;
  const entry = name === 'urlset' ? 'url' : 'sitemap';
  const locations = root
    .children()
    .filter((_, element) => element.tagName.replace(/^.*:/, '') === entry)
    .map((_, element) =>
      $(element)
        .children()
        .filter((__, child) => child.tagName.replace(/^.*:/, '') === 'loc')
        .text()
        .trim(),
    )
    .get()
    .filter((location) => location.length > 0);
  return { kind: name, locations };
}

export interface HtmlLinks {
  links: string[];
  /** `<meta name="robots">` (or one naming SeedBot) said nofollow / noindex. */
  nofollow: boolean;
  noindex: boolean;
}

/**
 * The http(s) links of a page, resolved against its `<base href>` or its own URL and normalised. The
 * page's robots meta tags are honoured by the crawler: noindex keeps it out of the collection,
 * nofollow stops the crawl there.
 */
export function extractHtmlLinks(html: string, pageUrl: string, productToken: string): HtmlLinks {
  const $ = load(html);
  const base = normalizeUrl($('base[href]').first().attr('href') ?? '', pageUrl) ?? pageUrl;
  const links = new Set<string>();
  $('a[href], area[href]').each((_, element) => {
    const url = normalizeUrl($(element).attr('href') ?? '', base);
    if (url) links.add(url);
  });
  const directives = $('meta[name][content]')
    .filter((_, element) =>
      ['robots', productToken.toLowerCase()].includes(($(element).attr('name') ?? '').toLowerCase()),
    )
    .map((_, element) => ($(element).attr('content') ?? '').toLowerCase())
    .get()
    .join(',');
  return {
    links: [...links],
    nofollow: /\b(?:nofollow|none)\b/.test(directives),
    noindex: /\b(?:noindex|none)\b/.test(directives),
  };
}
