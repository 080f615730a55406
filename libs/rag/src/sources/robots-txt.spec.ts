import { parseRobotsTxt } from './robots-txt';

const site = (path: string) => `https://example.com${path}`;

describe('parseRobotsTxt', () => {
  it('applies the * group when no group names the bot', () => {
    const robots = parseRobotsTxt('User-agent: *\nDisallow: /private\n', 'SeedBot');
    expect(robots.isAllowed(site('/private/a'))).toBe(false);
    expect(robots.isAllowed(site('/public'))).toBe(true);
  });

  it('prefers the group naming the bot (case-insensitive, version ignored) over *', () => {
    const text = 'User-agent: *\nDisallow: /\n\nUser-agent: seedbot/2.0\nDisallow: /drafts\n';
    const robots = parseRobotsTxt(text, 'SeedBot');
    expect(robots.isAllowed(site('/docs'))).toBe(true);
    expect(robots.isAllowed(site('/drafts/x'))).toBe(false);
  });

  it('lets the longest match decide, Allow winning a tie', () => {
    const text = 'User-agent: *\nDisallow: /docs\nAllow: /docs/public\nDisallow: /same\nAllow: /same\n';
    const robots = parseRobotsTxt(text, 'SeedBot');
    expect(robots.isAllowed(site('/docs/internal'))).toBe(false);
    expect(robots.isAllowed(site('/docs/public/page'))).toBe(true);
    expect(robots.isAllowed(site('/same'))).toBe(true);
  });

  it('understands * and $ and matches the query too', () => {
    const text = 'User-agent: *\nDisallow: /*.pdf$\nDisallow: /search?*q=\n';
    const robots = parseRobotsTxt(text, 'SeedBot');
    expect(robots.isAllowed(site('/files/a.pdf'))).toBe(false);
    expect(robots.isAllowed(site('/files/a.pdf?download=1'))).toBe(true);
    expect(robots.isAllowed(site('/search?lang=en&q=x'))).toBe(false);
  });

  it('shares rules among stacked user-agent lines, ignores empty Disallow and comments', () => {
    const text = '# hello\nUser-agent: other\nUser-agent: SeedBot\nDisallow: /a # note\n\nUser-agent: x\nDisallow:\n';
    const robots = parseRobotsTxt(text, 'SeedBot');
    expect(robots.isAllowed(site('/a'))).toBe(false);
    expect(parseRobotsTxt(text, 'x').isAllowed(site('/a'))).toBe(true);
  });

  it('reads sitemaps anywhere and the crawl delay of the chosen group; robots.txt itself is always allowed', () => {
    const text = 'Sitemap: https://example.com/s.xml\nUser-agent: *\nCrawl-delay: 2\nDisallow: /\n';
    const robots = parseRobotsTxt(text, 'SeedBot');
    expect(robots.sitemaps).toEqual(['https://example.com/s.xml']);
    expect(robots.crawlDelaySeconds).toBe(2);
    expect(robots.isAllowed(site('/robots.txt'))).toBe(true);
    expect(robots.isAllowed(site('/'))).toBe(false);
  });
});
