import { ErrorCode } from '@app/core';
import type { AgentDefinition } from '@app/agents';
import { WidgetSettingsService } from '@app/conversations';
import { ConversationsTestContext, createConversationsTestContext } from './conversations-test-context';

describe('ConversationsService: contacts, listing, tenant isolation, widget settings (real database)', () => {
  let ctx: ConversationsTestContext;
  let tenantId: string;
  let agent: AgentDefinition;

  beforeAll(async () => {
    ctx = await createConversationsTestContext();
    tenantId = await ctx.newTenantId();
    agent = await ctx.newAgent(tenantId);
  });

  afterAll(() => ctx.close());

  it('upserts contacts idempotently by external id, email or visitor id', async () => {
    const first = await ctx.service.upsertContact(tenantId, { visitorId: 'v-1', attributes: { plan: 'free' } });
    const again = await ctx.service.upsertContact(tenantId, { visitorId: 'v-1' });
    expect(again.id).toBe(first.id);
    const withEmail = await ctx.service.upsertContact(tenantId, {
      visitorId: 'v-1',
      email: 'Jane@Example.com',
      name: 'Jane',
      attributes: { vip: true },
    });
    expect(withEmail).toMatchObject({ id: first.id, email: 'jane@example.com', name: 'Jane' });
    expect(withEmail.attributes).toEqual({ plan: 'free', vip: true });
    const byEmail = await ctx.service.upsertContact(tenantId, { email: 'jane@example.com', externalId: 'crm-42' });
    expect(byEmail).toMatchObject({ id: first.id, externalId: 'crm-42', visitorId: 'v-1' });
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => ctx.service.upsertContact(tenantId, { externalId: 'crm-new' })),
    );
    expect(new Set(concurrent.map((contact) => contact.id)).size).toBe(1);
  });

  it('refuses contacts without an identity, with a bad email, or joining two contacts', async () => {
    await expect(ctx.service.upsertContact(tenantId, { name: 'Nobody' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: 'contact: one of externalId, email or visitorId is required',
    });
    await expect(ctx.service.upsertContact(tenantId, { email: 'not-an-email' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    await ctx.service.upsertContact(tenantId, { externalId: 'a-1' });
    await ctx.service.upsertContact(tenantId, { email: 'b@example.com' });
    await expect(
      ctx.service.upsertContact(tenantId, { externalId: 'a-1', email: 'b@example.com' }),
    ).rejects.toMatchObject({ code: ErrorCode.Conflict });
  });

  it('refuses to start a conversation with an unknown agent, contact or channel', async () => {
    const contact = await ctx.service.upsertContact(tenantId, { visitorId: 'v-start' });
    const start = (input: Partial<{ agentId: string; contactId: string; channel: string }>) =>
      ctx.service.startConversation(tenantId, {
        agentId: agent.id,
        contactId: contact.id,
        channel: 'api',
        ...input,
      } as never);
    await expect(start({ agentId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
    await expect(start({ contactId: 'nope' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(start({ channel: 'fax' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: 'channel: expected one of widget, api, openai',
    });
    const conversation = await start({});
    expect(conversation).toMatchObject({ state: 'bot', lastSeq: 0, handoffCount: 0, channel: 'api' });
    expect(ctx.events).toContainEqual({ type: 'conversation.created', tenantId, conversation });
  });

  it('lists with filters and cursor pagination, newest activity first', async () => {
    const listTenant = await ctx.newTenantId();
    const listAgent = await ctx.newAgent(listTenant);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await ctx.newConversation(listTenant, listAgent.id));
    await ctx.service.applyAction(listTenant, ids[1], 'take_over', { kind: 'api_key', id: null });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ctx.service.list(listTenant, { limit: 2, cursor });
      seen.push(...page.data.map((conversation) => conversation.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen[0]).toBe(ids[1]);
    const human = await ctx.service.list(listTenant, { limit: 10, state: 'human' });
    expect(human.data.map((conversation) => conversation.id)).toEqual([ids[1]]);
    expect((await ctx.service.list(listTenant, { limit: 10, agentId: agent.id })).data).toEqual([]);
    await expect(ctx.service.list(listTenant, { limit: 10, cursor: 'garbage' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: 'cursor: not a cursor returned by this API',
    });
    await expect(ctx.service.list(listTenant, { limit: 0 })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
  });

  it('replays what a client missed after a seq', async () => {
    const id = await ctx.newConversation(tenantId, agent.id);
    await ctx.service.applyAction(tenantId, id, 'take_over', { kind: 'api_key', id: null });
    for (const text of ['one', 'two', 'three']) await ctx.service.postVisitorMessage(tenantId, id, text);
    const missed = await ctx.service.messagesAfter(tenantId, id, 2);
    expect(missed.map((message) => [message.seq, message.text])).toEqual([
      [3, 'two'],
      [4, 'three'],
    ]);
    await expect(ctx.service.messagesAfter(tenantId, id, -1)).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
  });

  it("keeps tenants apart: another tenant's conversation is not found, and nothing is stored", async () => {
    const id = await ctx.newConversation(tenantId, agent.id);
    const intruder = await ctx.newTenantId();
    const notFound = { code: ErrorCode.NotFound, message: `conversation ${id} not found` };
    const actor = { kind: 'api_key' as const, id: null };
    await expect(ctx.service.get(intruder, id)).rejects.toMatchObject(notFound);
    await expect(ctx.service.transcript(intruder, id)).rejects.toMatchObject(notFound);
    await expect(ctx.service.messagesAfter(intruder, id, 0)).rejects.toMatchObject(notFound);
    await expect(ctx.service.postVisitorMessage(intruder, id, 'hi')).rejects.toMatchObject(notFound);
    await expect(ctx.service.postHumanMessage(intruder, id, actor, 'hi')).rejects.toMatchObject(notFound);
    await expect(ctx.service.applyAction(intruder, id, 'take_over', actor)).rejects.toMatchObject(notFound);
    await expect(ctx.service.contextPack(intruder, id)).rejects.toMatchObject(notFound);
    expect((await ctx.service.list(intruder, { limit: 100 })).data).toEqual([]);
    await expect(ctx.service.get(tenantId, 'not-a-uuid')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(await ctx.service.get(tenantId, id)).toMatchObject({ state: 'bot', lastSeq: 0 });
  });

  it('stores the widget settings with a public site key, checking origins, theme and agent', async () => {
    const widgets = ctx.app.get(WidgetSettingsService);
    const created = await widgets.upsert(tenantId, {
      agentId: agent.id,
      allowedOrigins: ['https://shop.example.com/', 'http://localhost:3000'],
      theme: { title: 'Acme' },
    });
    expect(created.siteKey).toMatch(/^site_[0-9a-f]{24}$/);
    expect(created).toMatchObject({
      allowedOrigins: ['https://shop.example.com', 'http://localhost:3000'],
      theme: { title: 'Acme', color: '#2563eb' },
    });
    expect(await widgets.getBySiteKey(created.siteKey)).toEqual(created);
    const updated = await widgets.upsert(tenantId, {
      agentId: agent.id,
      allowedOrigins: [],
      theme: { color: '#000000' },
    });
    expect(updated).toMatchObject({ siteKey: created.siteKey, theme: { title: 'Acme', color: '#000000' } });
    await expect(widgets.getBySiteKey('site_000000000000000000000000')).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: 'site key not found',
    });
    await expect(
      widgets.upsert(tenantId, { agentId: agent.id, allowedOrigins: ['https://shop.example.com/path'] }),
    ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, message: expect.stringContaining('allowedOrigins') });
    const otherTenant = await ctx.newTenantId();
    await expect(widgets.upsert(otherTenant, { agentId: agent.id, allowedOrigins: [] })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: `agent ${agent.id} not found`,
    });
    const rotated = await widgets.rotateSiteKey(tenantId);
    expect(rotated.siteKey).not.toBe(created.siteKey);
    await expect(widgets.getBySiteKey(created.siteKey)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
