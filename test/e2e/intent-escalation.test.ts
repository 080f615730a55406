import { IntentLabelsRepository } from '@app/agents';
import { HELP_CENTRE, supportIntentExamples } from '../support/agent-fixtures';
import { IntentTeacherServer } from '../support/intent-teacher-server';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestAppWith, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

interface Step {
  stage: string;
  decision: string;
  scores?: Record<string, number>;
}

/** What a larger model would know: the word in a message that gives its intent away. */
const TEACHER_KEYWORDS = {
  complaint: 'furious',
  refund_question: 'money',
  shipping_question: 'courier',
  order_status: 'parcel',
};

describe('intent escalation: the escalation model decides intents the small model is unsure of (HTTP)', () => {
  const teacher = new IntentTeacherServer(TEACHER_KEYWORDS);
  let t: TestApp;
  let tenantId: string;
  let adminKey: string;
  let integrationKey: string;
  let agentId: string;
  let visitors = 0;

  const post = (path: string, body: unknown, key = integrationKey) =>
    fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** Each message in a conversation of its own: a handoff leaves the bot nothing more to answer. */
  const ask = async (text: string) => {
    const contact = { externalId: `visitor-${++visitors}` };
    const conversation = await json(await post('/v1/conversations', { agentSlug: 'support', contact }));
    const sent = await post(`/v1/conversations/${conversation.id}/messages`, { text, as: 'contact' });
    expect(sent.status).toBe(201);
    const { message, reply } = await json(sent);
    expect(reply).toMatchObject({ role: 'bot', text: expect.stringMatching(/\w/) });
    const trace: Step[] = reply.trace;
    const step = (stage: string) => trace.find((candidate) => candidate.stage === stage);
    return { conversationId: conversation.id as string, message, reply, step };
  };
  const patchAgent = (body: unknown) =>
    fetch(`${t.baseUrl}/v1/agents/${agentId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const storedTimeBox = async () => {
    const response = await fetch(`${t.baseUrl}/v1/agents/${agentId}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    return (await json(response)).thresholds.intentTeacherTimeoutMs;
  };
  const labelOf = async (messageId: string) =>
    (await t.pool.query('SELECT label, source, text FROM intent_labels WHERE message_id = $1', [messageId])).rows;
  const expectUnsure = (intent: Step | undefined) => {
    expect(intent).toBeDefined();
    expect(intent!.decision === 'out_of_scope' || intent!.scores!.confidence < 0.5).toBe(true);
  };

  beforeAll(async () => {
    await teacher.start();
    t = await startTestAppWith({
      SLM_ESCALATION: 'openai:teacher',
      SLM_OPENAI_BASE_URL: teacher.url,
      SLM_OPENAI_RETRIES: '0',
    });
    ({ tenantId, adminKey } = await t.newTenant('acme'));
    integrationKey = (await json(await post('/v1/api-keys', { name: 'crm', scopes: ['integration'] }, adminKey))).key;
    const collectionId = await knowledgeClient(t, adminKey).createReadyCollection('help centre', HELP_CENTRE);
    const agent = {
      name: 'Support',
      slug: 'support',
      collectionIds: [collectionId],
      handoff: { intents: ['complaint'] },
    };
    agentId = (await json(await post('/v1/agents', agent, adminKey))).id;
    const trained = await post(`/v1/agents/${agentId}/intents/train`, { examples: supportIntentExamples() }, adminKey);
    expect(trained.status).toBe(202);
    await waitFor('intent model v1', async () => {
      const response = await fetch(`${t.baseUrl}/v1/agents/${agentId}/intents/versions`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      return (await json(response)).data.find((v: { status: string }) => v.status === 'ready');
    });
    expect((await post(`/v1/agents/${agentId}/intents/versions/1/activate`, {}, adminKey)).status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    await teacher.stop();
  });

  const settledVersion = (version: number) =>
    waitFor(`intent model v${version}`, async () => {
      const response = await fetch(`${t.baseUrl}/v1/agents/${agentId}/intents/versions`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      const found = (await json(response)).data.find((v: { version: number }) => v.version === version);
      return found?.status !== 'training' && found;
    });

  beforeEach(() => {
    teacher.mode = 'keywords';
  });

  it('never asks the teacher about a message the small model is confident of, nor about small talk', async () => {
    const asked = teacher.intentRequests.length;
    const { message, step } = await ask('where is my order');
    expect(step('intent')).toMatchObject({ decision: 'order_status' });
    expect(step('intent')!.scores!.confidence).toBeGreaterThanOrEqual(0.5);
    expect(step('intent_escalation')).toBeUndefined();
    expect(teacher.intentRequests.length).toBe(asked);
    expect(await labelOf(message.id)).toEqual([]);
    // Small talk is answered as such, whatever the intent model makes of it.
    const greeting = await ask('thanks a lot!');
    expectUnsure(greeting.step('intent'));
    expect(greeting.step('route')).toMatchObject({ decision: 'small_talk:small_talk' });
    expect(greeting.step('intent_escalation')).toBeUndefined();
    expect(teacher.intentRequests.length).toBe(asked);
  });

  it("routes an unsure message by the teacher's label and stores it as an escalation label; a human's wins", async () => {
    const { conversationId, message, step } = await ask(
      'I am furious, my kettle came broken, my email is ada@example.com',
    );
    expectUnsure(step('intent'));
    expect(step('intent_escalation')).toMatchObject({ decision: 'complaint' });
    // complaint is a handoff intent: the teacher's label, not the small model's, decided the route.
    expect(step('route')).toMatchObject({ decision: 'handoff:handoff_rule:complaint' });
    // The teacher saw the message with PII replaced, as the stored label holds it.
    expect(teacher.intentRequests.at(-1)).toBe('I am furious, my kettle came broken, my email is [EMAIL_1]');
    expect(await labelOf(message.id)).toEqual([
      {
        label: 'complaint',
        source: 'escalation',
        text: 'I am furious, my kettle came broken, my email is [EMAIL_1]',
      },
    ]);

    const relabelled = await post(`/v1/conversations/${conversationId}/messages/${message.id}/intent`, {
      label: 'refund_question',
    });
    expect(await json(relabelled)).toMatchObject({ label: 'refund_question', source: 'human' });
    // The escalation model deciding again never overwrites the human.
    const again = await t.app.get(IntentLabelsRepository).upsert({
      tenantId,
      agentId,
      conversationId,
      messageId: message.id,
      text: 'whatever',
      label: 'complaint',
      source: 'escalation',
    });
    expect(again).toBeNull();
    expect(await labelOf(message.id)).toEqual([
      { label: 'refund_question', source: 'human', text: 'I am furious, my kettle came broken, my email is [EMAIL_1]' },
    ]);
  });

  it("stores the teacher's out_of_scope as the model's out-of-scope label", async () => {
    const { message, step } = await ask('how tall is the eiffel tower');
    expectUnsure(step('intent'));
    expect(step('intent_escalation')).toMatchObject({ decision: 'out_of_scope' });
    expect(await labelOf(message.id)).toEqual([
      { label: 'oos', source: 'escalation', text: 'how tall is the eiffel tower' },
    ]);
  });

  it("keeps the small model's decision when the teacher answers garbage or times out; the reply still arrives", async () => {
    teacher.mode = 'garbage';
    const garbled = await ask('I am furious about the blender');
    expectUnsure(garbled.step('intent'));
    expect(garbled.step('intent_escalation')).toMatchObject({ decision: 'kept_small_model:no_label' });
    expect(garbled.step('route')!.decision).not.toContain('complaint');
    expect(await labelOf(garbled.message.id)).toEqual([]);

    teacher.mode = 'silent';
    const asked = teacher.intentRequests.length;
    const silent = await ask('I am furious about the toaster');
    expect(teacher.intentRequests.length).toBe(asked + 1);
    expect(silent.step('intent_escalation')).toMatchObject({ decision: 'kept_small_model:timeout' });
    expect(silent.step('route')!.decision).not.toContain('complaint');
    expect(await labelOf(silent.message.id)).toEqual([]);
  });

  it("waits for the teacher as long as the agent's intentTeacherTimeoutMs says, default 3 s", async () => {
    // The slow teacher answers well past 100 ms and well within 3 s: the time box alone decides.
    teacher.mode = 'slow';
    const shortBox = await patchAgent({ thresholds: { intentTeacherTimeoutMs: 100 } });
    expect(shortBox.status).toBe(200);
    expect((await json(shortBox)).thresholds.intentTeacherTimeoutMs).toBe(100);
    const missed = await ask('I am furious about the dishwasher');
    expectUnsure(missed.step('intent'));
    expect(missed.step('intent_escalation')).toMatchObject({ decision: 'kept_small_model:timeout' });
    expect(missed.step('route')!.decision).not.toContain('complaint');
    expect(await labelOf(missed.message.id)).toEqual([]);

    // Thresholds sent without it: the default box, in which the same slow teacher is heard.
    const defaultBox = await patchAgent({ thresholds: {} });
    expect((await json(defaultBox)).thresholds.intentTeacherTimeoutMs).toBe(3000);
    const heard = await ask('I am furious about the microwave');
    expectUnsure(heard.step('intent'));
    expect(heard.step('intent_escalation')).toMatchObject({ decision: 'complaint' });
    expect(heard.step('route')).toMatchObject({ decision: 'handoff:handoff_rule:complaint' });
    expect(await labelOf(heard.message.id)).toEqual([
      { label: 'complaint', source: 'escalation', text: 'I am furious about the microwave' },
    ]);
  });

  it.each([
    ['below 100 ms', 99, 'expected 100 to 30000 milliseconds'],
    ['above 30 s', 30_001, 'expected 100 to 30000 milliseconds'],
    ['fractional', 1500.5, 'expected 100 to 30000 milliseconds, a whole number'],
    ['not a number', '3000', 'expected 100 to 30000 milliseconds'],
  ])('refuses an intentTeacherTimeoutMs %s with a 400 naming it, keeping the stored one', async (_case, bad, why) => {
    expect((await patchAgent({ thresholds: { intentTeacherTimeoutMs: 2000 } })).status).toBe(200);
    const patched = await patchAgent({ thresholds: { intentTeacherTimeoutMs: bad } });
    expect(patched.status).toBe(400);
    expect(await json(patched)).toMatchObject({
      code: 'ValidationFailed',
      message: `thresholds.intentTeacherTimeoutMs: ${why}`,
    });
    expect(await storedTimeBox()).toBe(2000);
    const created = await post(
      '/v1/agents',
      { name: 'Hasty', slug: 'hasty', thresholds: { intentTeacherTimeoutMs: bad } },
      adminKey,
    );
    expect(created.status).toBe(400);
    expect((await json(created)).message).toBe(`thresholds.intentTeacherTimeoutMs: ${why}`);
    expect((await t.pool.query("SELECT 1 FROM agents WHERE slug = 'hasty'")).rows).toEqual([]);
    expect((await patchAgent({ thresholds: {} })).status).toBe(200);
  });

  it('distils a student from escalation and human labels, graded per teacher, that needs the teacher less', async () => {
    const items = ['kettle', 'lamp', 'chair', 'sofa', 'mixer', 'fan', 'heater', 'clock', 'radio', 'iron'];
    const asked = teacher.intentRequests.length;
    for (const item of items) await ask(`I am furious about the ${item}`);
    expect(teacher.intentRequests.length - asked).toBeGreaterThanOrEqual(8);
    for (const city of ['Leeds', 'York', 'Bath', 'Derby', 'Hull', 'Ely']) {
      const { conversationId, message } = await ask(`which courier delivers to ${city}`);
      const labelled = await post(`/v1/conversations/${conversationId}/messages/${message.id}/intent`, {
        label: 'shipping_question',
      });
      expect(labelled.status).toBe(200);
    }
    const sources = await t.pool.query(
      `SELECT source, count(*)::int AS n FROM intent_labels WHERE agent_id = $1 AND label IN ('complaint', 'shipping_question')
       GROUP BY source ORDER BY source`,
      [agentId],
    );
    const [escalation, human] = sources.rows;
    expect({ escalation: escalation.source, human: human.source }).toEqual({
      escalation: 'escalation',
      human: 'human',
    });

    const started = await post(`/v1/agents/${agentId}/intents/distill`, { minExamplesPerLabel: 5 }, adminKey);
    expect(started.status).toBe(202);
    expect((await json(started)).distillation).toMatchObject({
      teacherSources: { escalation: escalation.n, human: human.n },
      comparedVersion: 1,
    });
    const student = await settledVersion(2);
    expect(student).toMatchObject({ status: 'ready' });
    const { teacherAgreementBySource: bySource, teacherHeldOut } = student.metrics;
    expect(Object.keys(bySource).sort()).toEqual(['escalation', 'human']);
    expect(bySource.escalation.heldOut + bySource.human.heldOut).toBe(teacherHeldOut);
    expect(bySource.escalation.agreement).toBe(1);

    // Activated, the student knows what the teacher taught it: a message like those no longer waits for the teacher.
    expect((await post(`/v1/agents/${agentId}/intents/versions/2/activate`, {}, adminKey)).status).toBe(200);
    const before = teacher.intentRequests.length;
    const { step } = await ask('I am furious about the stove');
    expect(step('intent')).toMatchObject({ decision: 'complaint' });
    expect(step('intent_escalation')).toBeUndefined();
    expect(teacher.intentRequests.length).toBe(before);
  });

  it('never asks the teacher when the agent may not escalate', async () => {
    const patched = await fetch(`${t.baseUrl}/v1/agents/${agentId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ escalation: false }),
    });
    expect(patched.status).toBe(200);
    const asked = teacher.intentRequests.length;
    const { message, step } = await ask('how tall is the eiffel tower');
    expect(step('intent')).toMatchObject({ decision: 'out_of_scope' });
    expect(step('intent_escalation')).toBeUndefined();
    expect(teacher.intentRequests.length).toBe(asked);
    expect(await labelOf(message.id)).toEqual([]);
  });
});
