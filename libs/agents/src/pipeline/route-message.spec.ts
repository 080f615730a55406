import type { AgentSettings, StoredTool } from '../agents/agent.types';
import { routeMessage, RouteInput } from './route-message';

const tool = { name: 'order-status', intent: 'order_status', mutating: false } as StoredTool;
const cancel = { name: 'cancel-order', intent: 'cancel_order', mutating: true } as StoredTool;
const settings: Pick<AgentSettings, 'handoff' | 'tools' | 'outOfScope'> = {
  handoff: { intents: ['complaint'], outOfHoursMessage: null, hours: null },
  tools: [tool, cancel],
  outOfScope: 'answer',
};

const input = (overrides: Partial<RouteInput>): RouteInput => ({
  blocked: false,
  intent: null,
  smallTalk: false,
  confirmation: null,
  pending: null,
  settings,
  ...overrides,
});

describe('routeMessage', () => {
  it('refuses what the guard blocked, whatever else is true', () => {
    expect(routeMessage(input({ blocked: true, intent: { name: 'complaint', outOfScope: false } }))).toEqual({
      route: 'refuse',
      reason: 'guard',
    });
  });

  it('hands off intents listed in the handoff rules before considering tools', () => {
    expect(routeMessage(input({ intent: { name: 'complaint', outOfScope: false } }))).toEqual({
      route: 'handoff',
      reason: 'handoff_rule:complaint',
    });
  });

  it('routes an intent with a tool to that tool', () => {
    expect(routeMessage(input({ intent: { name: 'order_status', outOfScope: false } }))).toMatchObject({
      route: 'tool',
      tool,
    });
  });

  it('runs a pending tool on yes and declines on no', () => {
    const pending = { tool: 'cancel-order', args: { order_number: 'A1' } };
    expect(routeMessage(input({ pending, confirmation: 'yes' }))).toMatchObject({
      route: 'tool',
      tool: cancel,
      confirmed: pending,
    });
    expect(routeMessage(input({ pending, confirmation: 'no' }))).toEqual({
      route: 'small_talk',
      reason: 'confirmation_declined',
    });
    expect(routeMessage(input({ pending }))).toMatchObject({ route: 'knowledge' });
  });

  it('answers small talk without a knowledge search', () => {
    expect(routeMessage(input({ smallTalk: true, intent: { name: null, outOfScope: true } }))).toMatchObject({
      route: 'small_talk',
    });
  });

  it('follows the agent setting for out-of-scope messages', () => {
    const oos = { intent: { name: null, outOfScope: true } };
    expect(routeMessage(input(oos)).route).toBe('knowledge');
    expect(routeMessage(input({ ...oos, settings: { ...settings, outOfScope: 'handoff' } }))).toEqual({
      route: 'handoff',
      reason: 'out_of_scope',
    });
    expect(routeMessage(input({ ...oos, settings: { ...settings, outOfScope: 'refuse' } })).route).toBe('refuse');
  });
});
