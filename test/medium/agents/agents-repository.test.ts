import { NotFoundError } from '@app/core';
import { AgentsService, IntentModelsRepository, IntentTrainingService } from '@app/agents';
import { AgentsTestContext, createAgent, createAgentsTestContext } from './agents-test-context';

const EXAMPLES = [
  ...['what is my balance', 'show my balance', 'how much money do i have', 'account balance'].map((text) => ({
    text,
    label: 'balance',
  })),
  ...['i lost my card', 'my card was stolen', 'block my card', 'card missing'].map((text) => ({
    text,
    label: 'lost_card',
  })),
];

describe('agents and intent model versions (real database)', () => {
  let ctx: AgentsTestContext;
  let agents: AgentsService;
  let training: IntentTrainingService;

  beforeAll(async () => {
    ctx = await createAgentsTestContext();
    agents = ctx.app.get(AgentsService);
    training = ctx.app.get(IntentTrainingService);
  });

  afterAll(() => ctx.close());

  it("treats another tenant's agent as missing everywhere", async () => {
    const [acme, globex] = [await ctx.newTenantId(), await ctx.newTenantId()];
    const agent = await createAgent(ctx, acme, 'help', ctx.settings());
    await expect(agents.get(globex, agent.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(agents.update(globex, agent.id, { name: 'stolen' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(agents.delete(globex, agent.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(training.listVersions(globex, agent.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(training.startTraining(globex, agent.id, { examples: EXAMPLES })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await agents.list(globex)).toEqual([]);
    // The same slug is free in another tenant.
    expect((await createAgent(ctx, globex, 'help', ctx.settings())).slug).toBe('help');
    expect((await agents.get(acme, agent.id)).name).toBe('Agent help');
  });

  it('numbers versions, keeps every one, and switches the active one for rollback', async () => {
    const tenantId = await ctx.newTenantId();
    const agent = await createAgent(ctx, tenantId, 'bank', ctx.settings());
    const v1 = await ctx.train(tenantId, agent.id, { examples: EXAMPLES });
    const v2 = await ctx.train(tenantId, agent.id, { examples: EXAMPLES });
    expect([v1, v2]).toEqual([1, 2]);
    const models = ctx.app.get(IntentModelsRepository);
    await training.activate(tenantId, agent.id, 2);
    await training.activate(tenantId, agent.id, 1);
    expect(await models.findActive(tenantId, agent.id)).toMatchObject({ version: 1 });
    const listed = await training.listVersions(tenantId, agent.id);
    expect(listed.map((v) => [v.version, v.status, v.active])).toEqual([
      [2, 'ready', false],
      [1, 'ready', true],
    ]);
    expect(listed[0].metrics).toEqual(expect.objectContaining({ accuracy: expect.any(Number) }));
  });

  it('refuses to activate a version that is still training', async () => {
    const tenantId = await ctx.newTenantId();
    const agent = await createAgent(ctx, tenantId, 'pending', ctx.settings());
    const version = await training.startTraining(tenantId, agent.id, { examples: EXAMPLES });
    await expect(training.activate(tenantId, agent.id, version.version)).rejects.toMatchObject({ code: 'Conflict' });
    expect(await ctx.app.get(IntentModelsRepository).findActive(tenantId, agent.id)).toBeNull();
  });
});
