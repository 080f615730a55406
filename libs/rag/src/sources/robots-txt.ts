/**
 * robots.txt as RFC 9309 reads it: groups of `User-agent` lines with their `Allow`/`Disallow` rules;
 * the groups naming our product token win over `*`; within them the longest matching pattern decides
 * and `Allow` wins a tie; `*` matches any characters and `$` anchors the end. `Sitemap` lines and a
 * `Crawl-delay` are read too. A dozen lines of rules do not need a dependency.
 */
export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Same-origin or not: the crawler filters. */
  sitemaps: string[];
  /** Seconds between requests the site asks our group for, if any. */
  crawlDelaySeconds: number | null;
}

interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelay: number | null;
}

export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, sitemaps: [], crawlDelaySeconds: null };

export function parseRobotsTxt(text: string, productToken: string): RobotsRules {
  const { groups, sitemaps } = readGroups(text);
  const token = productToken.toLowerCase();
  const ours = groups.filter((group) => group.agents.includes(token));
  const chosen = ours.length > 0 ? ours : groups.filter((group) => group.agents.includes('*'));
  const rules = chosen.flatMap((group) => group.rules);
  const delay = chosen.map((group) => group.crawlDelay).find((value) => value !== null) ?? null;
  return {
    sitemaps,
    crawlDelaySeconds: delay,
    isAllowed: (url) => isAllowedBy(rules, url),
  };
}

function readGroups(text: string): { groups: Group[]; sitemaps: string[] } {
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const separator = line.indexOf(':');
    if (separator < 0) continue;
    const key = line.slice(0, separator).trim().toLowerCase();
    const value = line.slice(separator + 1).trim();
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) groups.push((current = { agents: [], rules: [], crawlDelay: null }));
      current.agents.push(value.split('/')[0].trim().toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if ((key === 'allow' || key === 'disallow') && value) {
      current.rules.push({ allow: key === 'allow', pattern: value, regex: patternToRegex(value) });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelay = seconds;
    }
  }
  return { groups, sitemaps };
}

function patternToRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`);
}

function isAllowedBy(rules: Rule[], url: string): boolean {
  const { pathname, search } = new URL(url);
  if (pathname === '/robots.txt') return true;
  const target = `${pathname}${search}`;
  let best: Rule | null = null;
  for (const rule of rules) {
    if (!rule.regex.test(target)) continue;
    const longer = !best || rule.pattern.length > best.pattern.length;
    const allowWinsTie = best && rule.pattern.length === best.pattern.length && rule.allow;
    if (longer || allowWinsTie) best = rule;
  }
  return best ? best.allow : true;
}
