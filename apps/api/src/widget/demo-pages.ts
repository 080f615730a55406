import { Injectable } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '@app/core';
import { DemoSiteKeyProvider } from './demo-site-key.provider';
import { DemoHelpPage, loadDemoKnowledge } from './demo-knowledge';
import { renderDemoPage, renderHelpPage } from './demo-page';
import { PROJECT_ROOT } from './project-root';

const DEMO_TEMPLATE_PATH = join(PROJECT_ROOT, 'demo', 'index.html');

/** Only the demo page without a demo directory (a production image that does not ship demo/). */
const FALLBACK_TEMPLATE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Seed</title></head>' +
  '<body><h1>Seed</h1>{{WIDGET_NOTICE}}{{WIDGET}}</body></html>';

/** The demo landing page at `/` and the help pages its agent cites, read from demo/ once. */
@Injectable()
export class DemoPages {
  private content?: Promise<{ template: string; helpPages: DemoHelpPage[] }>;

  constructor(private readonly siteKeys: DemoSiteKeyProvider) {}

  async landingPage(origin: string): Promise<string> {
    const [{ template, helpPages }, siteKey] = await Promise.all([this.load(), this.siteKeys.siteKey()]);
    return renderDemoPage(template, { siteKey, origin, helpPages });
  }

  async helpPage(slug: string): Promise<string> {
    const { helpPages } = await this.load();
    const page = helpPages.find((candidate) => candidate.slug === slug);
    if (!page) throw new NotFoundError('demo help page', slug);
    return renderHelpPage(page);
  }

  private load(): Promise<{ template: string; helpPages: DemoHelpPage[] }> {
    this.content ??= Promise.all([
      readFile(DEMO_TEMPLATE_PATH, 'utf8').catch(() => FALLBACK_TEMPLATE),
      loadDemoKnowledge(),
    ]).then(([template, helpPages]) => ({ template, helpPages }));
    return this.content;
  }
}
