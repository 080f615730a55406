import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root';

/** The fictional company's help pages (demo/knowledge/*.md) that the demo tenant's agent answers from. */
export const DEMO_KNOWLEDGE_DIR = join(PROJECT_ROOT, 'demo', 'knowledge');

export interface DemoHelpPage {
  /** File name without `.md`; also the page's path under `/demo/help/`. */
  slug: string;
  /** The page's first `# ` heading. */
  title: string;
  fileName: string;
  markdown: string;
}

/** Every demo help page, sorted by slug; empty when demo/ is not shipped (a production image). */
export async function loadDemoKnowledge(dir = DEMO_KNOWLEDGE_DIR): Promise<DemoHelpPage[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const pages = names
    .filter((name) => /^[a-z0-9-]+\.md$/.test(name))
    .sort()
    .map(async (fileName) => {
      const markdown = await readFile(join(dir, fileName), 'utf8');
      const slug = fileName.slice(0, -'.md'.length);
      return { slug, fileName, markdown, title: /^# (.+)$/m.exec(markdown)?.[1].trim() ?? slug };
    });
  return Promise.all(pages);
}

/** The URL a demo citation links to, given the public origin of the api (e.g. http://localhost:3000). */
export function demoHelpPageUrl(origin: string, slug: string): string {
  return `${origin.replace(/\/+$/, '')}/demo/help/${slug}`;
}
