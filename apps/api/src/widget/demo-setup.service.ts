import { Injectable, Logger } from '@nestjs/common';
import { TenantsService } from '@app/core';
import { AgentsService } from '@app/agents';
import { WidgetSettingsService } from '@app/conversations';
import { CollectionsService, DocumentsService } from '@app/rag';
import { CreateAgentDto, createAgentSchema, toAgentInput } from '../agents/agents.dto';
import { DemoHelpPage, demoHelpPageUrl, loadDemoKnowledge } from './demo-knowledge';
import { DemoSiteKeyHolder } from './demo-site-key.provider';

/** The well-known name the demo tenant is found by on later starts. */
export const DEMO_TENANT_NAME = 'Brightdesk (demo)';
export const DEMO_AGENT_SLUG = 'brightdesk';

export interface DemoTenant {
  tenantId: string;
  agentId: string;
  collectionId: string;
  siteKey: string;
  /** Shown once, when the demo tenant is created; null on later starts. */
  adminKey: string | null;
}

/**
 * The demo a newcomer meets at `/`: a tenant for the fictional Brightdesk company, its help pages
 * ingested into a collection, an agent answering from them and a widget allowed on the api's own
 * origin. Created on the first embedded start, refreshed (origins, site key) on every later one.
 */
@Injectable()
export class DemoSetup {
  private readonly logger = new Logger('DemoSetup');

  constructor(
    private readonly tenants: TenantsService,
    private readonly collections: CollectionsService,
    private readonly documents: DocumentsService,
    private readonly agents: AgentsService,
    private readonly widgets: WidgetSettingsService,
    private readonly siteKeyHolder: DemoSiteKeyHolder,
  ) {}

  /** `origins`: where the demo page is served from (e.g. http://localhost:3000). Null without demo/ pages. */
  async ensure(origins: string[]): Promise<DemoTenant | null> {
    const pages = await loadDemoKnowledge();
    if (pages.length === 0) return null;
    const existing = await this.tenants.findByName(DEMO_TENANT_NAME);
    const demo = existing ? await this.refresh(existing.id, origins) : await this.create(origins, pages);
    if (demo) this.siteKeyHolder.use(demo.siteKey);
    return demo;
  }

  private async create(origins: string[], pages: DemoHelpPage[]): Promise<DemoTenant> {
    const { tenant, adminKey } = await this.tenants.createWithAdminKey(DEMO_TENANT_NAME, 'embedded-start');
    const collection = await this.collections.create(tenant.id, 'Brightdesk help centre');
    await this.documents.upload(
      tenant.id,
      collection.id,
      pages.map((page) => ({
        title: page.title,
        sourceKind: 'url' as const,
        sourceKey: `demo:${page.slug}`,
        // Citations link to the page as the demo serves it.
        sourceUrl: demoHelpPageUrl(origins[0], page.slug),
        filename: page.fileName,
        mediaType: 'text/markdown',
        bytes: Buffer.from(page.markdown),
      })),
    );
    // Through the REST schema, so the demo agent has exactly the defaults an admin's agent gets.
    const body = createAgentSchema.parse({
      name: 'Brightdesk assistant',
      slug: DEMO_AGENT_SLUG,
      persona: 'You are the Brightdesk help assistant: friendly, short and precise.',
      collectionIds: [collection.id],
    });
    const { settings } = toAgentInput(body);
    const agent = await this.agents.create(tenant.id, {
      name: body.name,
      slug: body.slug,
      settings: settings as Omit<CreateAgentDto, 'name' | 'slug'>,
    });
    const widget = await this.widgets.upsert(tenant.id, {
      agentId: agent.id,
      allowedOrigins: origins,
      theme: {
        title: 'Brightdesk help',
        color: '#0f766e',
        greeting: 'Hi! Ask me about delivery, returns, warranty or your Brightdesk app.',
      },
    });
    this.logger.log(`demo tenant created with ${pages.length} help pages`);
    return {
      tenantId: tenant.id,
      agentId: agent.id,
      collectionId: collection.id,
      siteKey: widget.siteKey,
      adminKey: adminKey.key,
    };
  }

  /** A later start may listen on another port: its origins join the allowed ones. */
  private async refresh(tenantId: string, origins: string[]): Promise<DemoTenant | null> {
    const widget = await this.widgets.find(tenantId);
    if (!widget) return null;
    const allowedOrigins = [...new Set([...widget.allowedOrigins, ...origins])];
    const updated = await this.widgets.upsert(tenantId, { agentId: widget.agentId, allowedOrigins });
    const agent = await this.agents.get(tenantId, widget.agentId);
    return {
      tenantId,
      agentId: agent.id,
      collectionId: agent.settings.collectionIds[0],
      siteKey: updated.siteKey,
      adminKey: null,
    };
  }
}
