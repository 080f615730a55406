import { Database } from '@app/core';
import type { AgentDefinition } from '@app/agents';
import { HELP_CENTRE } from '../../support/agent-fixtures';
import { HeldModelServer } from '../../support/held-model-server';
import { waitFor } from '../../support/wait-for';
import { ConversationsRepository } from '../../../libs/conversations/src/conversations/conversations.repository';
import { ConversationsTestContext, createConversationsTestContext } from './conversations-test-context';

describe('bot muting: a reply in progress when a human takes over is cancelled and never stored', () => {
  const model = new HeldModelServer();
  let ctx: ConversationsTestContext;
  let tenantId: string;
  let agent: AgentDefinition;

  beforeAll(async () => {
    await model.start();
    ctx = await createConversationsTestContext({
      slmEnv: { SLM_GENERATOR: 'openai:held', SLM_OPENAI_BASE_URL: model.url, SLM_OPENAI_RETRIES: '0' },
    });
    tenantId = await ctx.newTenantId();
    agent = await ctx.newAgent(tenantId, { collectionIds: [await ctx.newCollection(tenantId, HELP_CENTRE)] });
  });

  afterAll(async () => {
    await ctx.close();
    await model.stop();
  });

  it('take_over in this process aborts the reply being written and publishes reply.cancelled', async () => {
    const id = await ctx.newConversation(tenantId, agent.id);
    const before = model.held.length;
    const { reply } = await ctx.service.postVisitorMessage(tenantId, id, 'When do express parcels arrive?');
    await waitFor('the model to be asked', () => model.held.length > before);

    const conversation = await ctx.service.applyAction(tenantId, id, 'take_over', { kind: 'api_key', id: null });
    expect(conversation.state).toBe('human');
    expect(await reply!.done).toBeNull();
    const tokens: string[] = [];
    for await (const token of reply!.tokens) tokens.push(token);
    expect(tokens).toEqual([]);
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'reply.cancelled', replyId: reply!.replyId, reason: 'human_took_over' }),
    );
    await waitFor('the model request to be aborted', () => model.closedEarly > 0);
    const transcript = await ctx.service.transcript(tenantId, id);
    expect(transcript.map((message) => message.role)).toEqual(['visitor', 'system']);
  });

  it('a takeover on another api process (state changed in the database only) stops the reply at store time', async () => {
    const id = await ctx.newConversation(tenantId, agent.id);
    const before = model.held.length;
    const { reply } = await ctx.service.postVisitorMessage(tenantId, id, 'When do express parcels arrive?');
    await waitFor('the model to be asked', () => model.held.length > before);

    // What another process's takeover writes; this process's reply registry knows nothing of it.
    await ctx.app
      .get(Database)
      .transaction((client) =>
        ctx.app
          .get(ConversationsRepository)
          .changeState(client, tenantId, id, { from: 'bot', to: 'human', assigneeId: null, countHandoff: false }),
      );
    model.finish(model.held[model.held.length - 1], 'Express parcels ordered before noon arrive the next morning [1].');

    expect(await reply!.done).toBeNull();
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'reply.cancelled', replyId: reply!.replyId, reason: 'not_with_bot' }),
    );
    const transcript = await ctx.service.transcript(tenantId, id);
    expect(transcript.map((message) => message.role)).toEqual(['visitor']);
  });

  it('resolving while the reply is written cancels it too', async () => {
    const id = await ctx.newConversation(tenantId, agent.id);
    const before = model.held.length;
    const { reply } = await ctx.service.postVisitorMessage(tenantId, id, 'How long do refunds take?');
    await waitFor('the model to be asked', () => model.held.length > before);
    await ctx.service.applyAction(tenantId, id, 'resolve', { kind: 'system', id: null });
    expect(await reply!.done).toBeNull();
    expect(ctx.events).toContainEqual(
      expect.objectContaining({ type: 'reply.cancelled', replyId: reply!.replyId, reason: 'resolved' }),
    );
    expect((await ctx.service.transcript(tenantId, id)).map((message) => message.role)).toEqual(['visitor', 'system']);
  });
});
