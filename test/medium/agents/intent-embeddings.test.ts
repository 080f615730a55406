/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import {
  AgentPipeline,
  AgentsService,
  AgentsWorkerModule,
  IntentClassifier,
  IntentClassifierState,
  IntentEmbedderError,
  IntentTrainingService,
  intentEmbedderOf,
  trainIntentClassifierWithEmbedder,
} from '@app/agents';
import { CORE_CONFIG, ErrorCode } from '@app/core';
import { EMBEDDER, Embedder, loadSlmConfig, ModelRegistry, SlmModule } from '@app/slm';
import { ensureTinyModels, TINY_ENCODER } from '@app/slm/testing';
import { IntentModelsRepository } from '../../../libs/agents/src/agents/intent-models.repository';
import { IntentTrainingProcessor } from '../../../libs/agents/src/agents/intent-training.processor';
import { IntentTrainingProducer } from '../../../libs/agents/src/agents/intent-training.producer';
import { StudentTrainingService } from '../../../libs/agents/src/distillation/student-training.service';
import { IntentModelCache } from '../../../libs/agents/src/pipeline/intent-model.cache';
import { GuardStage } from '../../../libs/agents/src/pipeline/guard-stage';
import { KnowledgeAnswerer } from '../../../libs/agents/src/pipeline/knowledge-answerer';
import { ToolStage } from '../../../libs/agents/src/pipeline/tool-stage';
import {
  toyClassifierOptions,
  toyIntentExamples,
  toyOutOfScopeExamples,
} from '../../../libs/agents/src/intents/toy-intents.fixture';
import { startModuleContext } from '../../support/module-test-context';
import { testAgentSettings } from './agents-test-context';

const EXAMPLES = [...toyIntentExamples(12), ...toyOutOfScopeExamples()];
/** The toy member (quick to train) with a dense block: the embedding is what is under test. */
const OPTIONS = {
  classifier: {
    members: toyClassifierOptions().members.map((member) => ({
      ...member,
      features: { ...member.features, denseBlockWeight: 1 },
    })),
  },
};

describe('intent classifier with sentence embeddings (tiny BERT-like ONNX encoder, real transformers.js inference)', () => {
  const models = ensureTinyModels();
  let registry: ModelRegistry;
  let hashRegistry: ModelRegistry;
  let encoder: Embedder;
  let hash: Embedder;

  beforeAll(() => {
    registry = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: `transformers:${models.encoder}` }));
    hashRegistry = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: 'builtin:hash' }));
    encoder = registry.embedder();
    hash = hashRegistry.embedder();
  });

  afterAll(async () => {
    await registry.onApplicationShutdown();
    await hashRegistry.onApplicationShutdown();
  });

  it('uses only a transformers embedder for intents', () => {
    expect(intentEmbedderOf(encoder)).toBe(encoder);
    expect(intentEmbedderOf(hash)).toBeNull();
    expect(intentEmbedderOf(null)).toBeNull();
  });

  it('trains on n-grams plus the embedding, records the embedder, and classifies after a reload', async () => {
    const { classifier } = await trainIntentClassifierWithEmbedder(EXAMPLES, encoder, OPTIONS);
    expect(classifier.embedder).toEqual({ id: encoder.id, dimension: TINY_ENCODER.hidden });
    const state = JSON.parse(JSON.stringify(classifier.toJSON())) as IntentClassifierState;
    expect(state.version).toBe(3);
    expect(state.classifier.embedder).toEqual({ id: encoder.id, dimension: TINY_ENCODER.hidden });
    expect(state.classifier.members[0].vectorizer.denseDimension).toBe(TINY_ENCODER.hidden);

    const prediction = await classifier.classify('what is my balance please');
    expect(prediction).toMatchObject({ intent: 'check_balance', outOfScope: false });
    const restored = IntentClassifier.fromJSON(state).bindEmbedder(encoder);
    expect(restored.embedderProblem()).toBeNull();
    expect(await restored.classify('what is my balance please')).toEqual(prediction);
    // Without the vector the model cannot score the text at all.
    expect(() => restored.predict('what is my balance please')).toThrow(IntentEmbedderError);
  });

  it('lets the embedding move the probabilities: the same n-grams with another vector score differently', async () => {
    const { classifier } = await trainIntentClassifierWithEmbedder(EXAMPLES, encoder, OPTIONS);
    const text = 'block my missing card';
    const [own] = await encoder.embed([text]);
    const [other] = await encoder.embed(['what are your opening hours']);
    expect(classifier.predict(text, own).confidence).not.toBeCloseTo(classifier.predict(text, other).confidence, 4);
  });

  it('refuses, naming both embedders, to classify with another embedder or none', async () => {
    const { classifier } = await trainIntentClassifierWithEmbedder(EXAMPLES, encoder, OPTIONS);
    const state = classifier.toJSON();
    const withHash = IntentClassifier.fromJSON(state).bindEmbedder(hash);
    expect(withHash.embedderProblem()).toContain(`trained with embeddings from ${encoder.id}`);
    expect(withHash.embedderProblem()).toContain(`the configured embedder is ${hash.id}`);
    await expect(withHash.classify('what is my balance')).rejects.toThrow(IntentEmbedderError);
    const unbound = IntentClassifier.fromJSON(state);
    await expect(unbound.classify('what is my balance')).rejects.toThrow(/no transformers embedder is configured/);
    // A vector of the wrong size is refused too, whatever its source.
    expect(() => unbound.predict('what is my balance', new Float32Array(8))).toThrow(/32-dimension embedding/);
  });

  it('trains exactly as before without an embedder: no dense block, nothing recorded', async () => {
    const { classifier } = await trainIntentClassifierWithEmbedder(EXAMPLES, intentEmbedderOf(hash), OPTIONS);
    expect(classifier.embedder).toBeNull();
    const state = classifier.toJSON();
    expect(state.classifier.embedder).toBeUndefined();
    expect(state.classifier.members[0].vectorizer.denseDimension).toBeUndefined();
    expect(IntentClassifier.fromJSON(state).bindEmbedder(encoder).embedderProblem()).toBeNull();
    expect(await IntentClassifier.fromJSON(state).classify('what is my balance please')).toMatchObject({
      intent: 'check_balance',
    });
  });
});

describe('intent training job and pipeline with SLM_EMBEDDER=transformers (real transformers.js inference)', () => {
  const models = ensureTinyModels();
  let context: Awaited<ReturnType<typeof startModuleContext>>;
  let hashRegistry: ModelRegistry;

  beforeAll(async () => {
    context = await startModuleContext({
      imports: [SlmModule.forRoot({ env: { SLM_EMBEDDER: `transformers:${models.encoder}` } }), AgentsWorkerModule],
    });
    hashRegistry = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: 'builtin:hash' }));
  });

  afterAll(async () => {
    await hashRegistry.onApplicationShutdown();
    await context.close();
  });

  it('stores a model trained with the embedder, routes with it, and skips it when the embedder changes', async () => {
    const { app } = context;
    const tenantId = await context.newTenantId();
    const settings = testAgentSettings({ outOfScope: 'refuse' });
    const agent = await app.get(AgentsService).create(tenantId, { name: 'Embedded', slug: 'embedded', settings });
    const training = app.get(IntentTrainingService);
    const version = await training.startTraining(tenantId, agent.id, { examples: toyIntentExamples(12) });
    const job = { tenantId, agentId: agent.id, modelId: version.id };
    await app
      .get(IntentTrainingProcessor)
      .handle({ id: `intent-${version.id}`, queue: 'intent-training', name: 'train', data: job, attemptsMade: 0 });
    await training.activate(tenantId, agent.id, version.version);

    const weights = await app.get(IntentModelsRepository).findWeights(tenantId, version.id);
    const embedder = app.get<Embedder>(EMBEDDER);
    expect(weights?.classifier.embedder).toEqual({ id: embedder.id, dimension: TINY_ENCODER.hidden });

    const routed = await app.get(AgentPipeline).handleMessage(agent, { tenantId }, 'i lost my card').result;
    expect(routed.intent).toMatchObject({ name: 'lost_card', outOfScope: false });

    // The same stored version read by a deployment whose SLM_EMBEDDER is the builtin hashing one.
    const otherCache = new IntentModelCache(app.get(IntentModelsRepository), hashRegistry.embedder());
    const loaded = await otherCache.activeClassifier(tenantId, agent.id);
    expect(loaded?.embedderProblem()).toMatch(/no transformers embedder is configured/);
    const pipeline = new AgentPipeline(app.get(GuardStage), otherCache, app.get(KnowledgeAnswerer), app.get(ToolStage));
    const skipped = await pipeline.handleMessage(agent, { tenantId }, 'i lost my card').result;
    expect(skipped.intent).toBeNull();
    expect(skipped.trace.find((step) => step.stage === 'intent')).toMatchObject({
      decision: 'model_needs_other_embedder',
    });
  });

  it('refuses to activate a version trained with another embedder, keeping the active one', async () => {
    const { app } = context;
    const tenantId = await context.newTenantId();
    const settings = testAgentSettings();
    const agent = await app.get(AgentsService).create(tenantId, { name: 'Switched', slug: 'switched', settings });
    const repository = app.get(IntentModelsRepository);
    const training = app.get(IntentTrainingService);
    const encoder = app.get<Embedder>(EMBEDDER);
    // A deployment whose SLM_EMBEDDER is the builtin hashing one, on the same database.
    const hash = hashRegistry.embedder();
    const hashTraining = new IntentTrainingService(
      app.get(AgentsService),
      repository,
      app.get(IntentTrainingProducer),
      hash,
    );
    const hashProcessor = new IntentTrainingProcessor(
      repository,
      app.get(StudentTrainingService),
      app.get(CORE_CONFIG),
      hash,
    );
    const train = async (processor: IntentTrainingProcessor) => {
      const version = await training.startTraining(tenantId, agent.id, { examples: toyIntentExamples(12) });
      const data = { tenantId, agentId: agent.id, modelId: version.id };
      await processor.handle({
        id: `intent-${version.id}`,
        queue: 'intent-training',
        name: 'train',
        data,
        attemptsMade: 0,
      });
      return version.version;
    };
    const ngrams = await train(hashProcessor);
    const embedded = await train(app.get(IntentTrainingProcessor));

    await hashTraining.activate(tenantId, agent.id, ngrams);
    const refused = hashTraining.activate(tenantId, agent.id, embedded);
    await expect(refused).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message:
        `Intent model version ${embedded} was trained with embeddings from ${encoder.id}, but the configured ` +
        `embedder (SLM_EMBEDDER) is ${hash.id}; train a new version with it`,
    });
    expect(await repository.findActive(tenantId, agent.id)).toMatchObject({ version: ngrams });

    // An n-gram-only version fits any embedder; the embedded one fits its own.
    await training.activate(tenantId, agent.id, ngrams);
    expect(await training.activate(tenantId, agent.id, embedded)).toMatchObject({ version: embedded, active: true });
    expect(await repository.findActive(tenantId, agent.id)).toMatchObject({ version: embedded });
  });
});
