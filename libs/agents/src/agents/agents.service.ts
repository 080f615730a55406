import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFoundError } from '@app/core';
import { CollectionsRepository } from '@app/rag';
import { SecretBox } from '../secrets/secret-box';
import { SECRET_BOX } from '../secrets/secrets.tokens';
import { AgentDefinition, AgentSettings, StoredTool, ToolDefinition } from './agent.types';
import { AgentRow, AgentsRepository } from './agents.repository';

/** A tool as the API receives it: header values in plain text; omitted on update = keep the stored ones. */
export type ToolInput = Omit<ToolDefinition, 'headers'> & { headers?: Record<string, string> };
export type AgentSettingsInput = Omit<AgentSettings<string>, 'tools'> & { tools: ToolInput[] };

export interface CreateAgentInput {
  name: string;
  slug: string;
  settings: AgentSettingsInput;
}

export interface UpdateAgentInput {
  name?: string;
  slug?: string;
  settings?: Partial<AgentSettingsInput>;
}

/** Agent definitions: tenant-scoped CRUD; tool secrets are sealed here and never leave unsealed. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly collections: CollectionsRepository,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
  ) {}

  async create(tenantId: string, input: CreateAgentInput): Promise<AgentDefinition> {
    await this.assertOwnCollections(tenantId, input.settings.collectionIds);
    const settings = { ...input.settings, tools: this.sealTools(input.settings.tools, []) };
    const created = await this.agents.insert(tenantId, { name: input.name, slug: input.slug, settings });
    if (!created) throw slugTaken(input.slug);
    return created;
  }

  list(tenantId: string): Promise<AgentDefinition[]> {
    return this.agents.listByTenant(tenantId);
  }

  async get(tenantId: string, id: string): Promise<AgentDefinition> {
    const agent = await this.agents.findById(tenantId, id);
    if (!agent) throw new NotFoundError('agent', id);
    return agent;
  }

  async getBySlug(tenantId: string, slug: string): Promise<AgentDefinition> {
    const agent = await this.agents.findBySlug(tenantId, slug);
    if (!agent) throw new NotFoundError('agent', slug);
    return agent;
  }

  async update(tenantId: string, id: string, patch: UpdateAgentInput): Promise<AgentDefinition> {
    const current = await this.get(tenantId, id);
    if (patch.settings?.collectionIds) await this.assertOwnCollections(tenantId, patch.settings.collectionIds);
    const { tools, ...settings } = patch.settings ?? {};
    const row: AgentRow = {
      name: patch.name ?? current.name,
      slug: patch.slug ?? current.slug,
      settings: {
        ...current.settings,
        ...settings,
        tools: tools ? this.sealTools(tools, current.settings.tools) : current.settings.tools,
      },
    };
    const updated = await this.agents.update(tenantId, id, row);
    if (updated === 'conflict') throw slugTaken(row.slug);
    if (!updated) throw new NotFoundError('agent', id);
    return updated;
  }

  async delete(tenantId: string, id: string): Promise<void> {
    if (!(await this.agents.delete(tenantId, id))) throw new NotFoundError('agent', id);
  }

  /** Another tenant's collection is reported exactly like a missing one. */
  private async assertOwnCollections(tenantId: string, ids: string[]): Promise<void> {
    const found = await this.collections.findManyByIds(tenantId, ids);
    const missing = ids.find((id) => !found.some((collection) => collection.id === id));
    if (missing) throw new DomainError(ErrorCode.ValidationFailed, `collectionIds: collection ${missing} not found`);
  }

  private sealTools(tools: ToolInput[], previous: StoredTool[]): StoredTool[] {
    return tools.map((tool) => {
      const kept = previous.find((old) => old.name === tool.name)?.headers ?? {};
      const headers = tool.headers
        ? Object.fromEntries(Object.entries(tool.headers).map(([name, value]) => [name, this.secrets.seal(value)]))
        : kept;
      return { ...tool, headers };
    });
  }
}

function slugTaken(slug: string): DomainError {
  return new DomainError(ErrorCode.Conflict, `An agent with slug "${slug}" already exists`);
}
