/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import {
  AgentDefinition,
  AgentPipeline,
  AgentsService,
  AgentsWorkerModule,
  PipelineResult,
  TraceStep,
} from '@app/agents';
import { IngestionWorkerModule, RetrievalService } from '@app/rag';
import { GENERATOR, SlmModule } from '@app/slm';
import { ensureTinyModels, TINY_NLI_CONTRADICTED_WORD } from '@app/slm/testing';
import { GuardStage } from '../../../libs/agents/src/pipeline/guard-stage';
import { IntentModelCache } from '../../../libs/agents/src/pipeline/intent-model.cache';
import { KnowledgeAnswerer } from '../../../libs/agents/src/pipeline/knowledge-answerer';
import { ToolStage } from '../../../libs/agents/src/pipeline/tool-stage';
import { newIngestedCollection, startModuleContext } from '../../support/module-test-context';
import { testAgentSettings } from './agents-test-context';

// The builtin extractive generator quotes passage sentences verbatim, so the lexical check keeps all of
// them; the tiny NLI model (SLM_NLI) rejects any sentence that mentions the moon, whatever it cites.
const ON_TIME = 'Express parcels ordered before noon arrive the next morning.';
const MOON = `Express parcels for the ${TINY_NLI_CONTRADICTED_WORD} arrive within a year.`;
const PAGES = [{ title: 'Express', text: `# Express\n\n${ON_TIME} ${MOON}\n` }];

describe('grounding check with an NLI model (SLM_NLI: tiny NLI fixture, real transformers.js inference)', () => {
  const models = ensureTinyModels();
  let context: Awaited<ReturnType<typeof startModuleContext>>;
  let pipeline: AgentPipeline;
  let lexical: AgentPipeline;
  let agent: AgentDefinition;

  beforeAll(async () => {
    context = await startModuleContext({
      imports: [
        SlmModule.forRoot({ env: { SLM_NLI: `transformers:${models.nli}` } }),
        IngestionWorkerModule,
        AgentsWorkerModule,
      ],
    });
    const { app } = context;
    pipeline = app.get(AgentPipeline);
    // The same pipeline with the lexical check: what the NLI model changes.
    const answerer = new KnowledgeAnswerer(app.get(RetrievalService), app.get(GENERATOR), null);
    lexical = new AgentPipeline(app.get(GuardStage), app.get(IntentModelCache), answerer, app.get(ToolStage));
    const tenantId = await context.newTenantId();
    const collectionId = await newIngestedCollection(app, tenantId, 'express', PAGES);
    // Half of the answer is dropped, so the bar for showing the rest sits below one half.
    const thresholds = { minRetrievalScore: 0.05, minAnswerConfidence: 0.4, minSentenceSupport: 0.5 };
    const settings = testAgentSettings({ collectionIds: [collectionId], thresholds });
    agent = await app.get(AgentsService).create(tenantId, { name: 'NLI agent', slug: 'nli', settings });
  });

  afterAll(() => context.close());

  async function ask(on: AgentPipeline, message: string): Promise<{ streamed: string; result: PipelineResult }> {
    const run = on.handleMessage(agent, { tenantId: agent.tenantId }, message);
    let streamed = '';
    for await (const token of run.stream) streamed += token;
    return { streamed, result: await run.result };
  }

  const grounding = (result: PipelineResult): TraceStep | undefined =>
    result.trace.find((step) => step.stage === 'grounding');

  it('drops the sentence the NLI model rejects, keeps the one it accepts, and never streams the dropped one', async () => {
    const before = await ask(lexical, 'When do express parcels arrive?');
    expect(before.result.text).toContain(TINY_NLI_CONTRADICTED_WORD);
    expect(grounding(before.result)).toMatchObject({ mode: 'lexical', scores: { sentences: 2, dropped: 0 } });

    const { streamed, result } = await ask(pipeline, 'When do express parcels arrive?');
    expect(result).toMatchObject({ route: 'knowledge', tier: 'slm' });
    expect(result.text).toBe(`${ON_TIME.slice(0, -1)} [1].`);
    expect(streamed).toBe(result.text);
    expect(result.citations.map((citation) => citation.n)).toEqual([1]);
    const step = grounding(result)!;
    expect(step).toMatchObject({
      decision: 'slm:grounded',
      mode: 'nli',
      scores: { sentences: 2, dropped: 1, threshold: 0.5 },
    });
    const [kept, dropped] = step.sentenceSupport!;
    expect(kept).toMatchObject({ supported: true });
    expect(kept.support).toBeGreaterThan(0.9);
    expect(dropped).toMatchObject({ supported: false });
    expect(dropped.support).toBeLessThan(0.01);
  });

  it("says it doesn't know when the NLI model rejects every sentence", async () => {
    const { streamed, result } = await ask(pipeline, `Do express parcels go to the ${TINY_NLI_CONTRADICTED_WORD}?`);
    expect(result).toMatchObject({ route: 'handoff', tier: 'handoff', citations: [] });
    expect(result.text).toMatch(/^I don't know/);
    expect(streamed).toBe(result.text);
    expect(grounding(result)).toMatchObject({ mode: 'nli', decision: 'slm:not_confident' });
  });
});
