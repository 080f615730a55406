/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import { ensureTinyModels, TINY_NLI_CONTRADICTED_WORD } from '@app/slm/testing';
import { knowledgeClient } from '../support/knowledge-client';
import { runEntryPoint } from '../support/run-process';
import { json, startTestApp, TestApp } from '../support/test-app';

const API = 'apps/api/src/main.ts';

describe('SLM_NLI', () => {
  const models = ensureTinyModels();

  describe('boot failures', () => {
    // Embedded and in memory, so the process gets as far as the models whichever database the suite uses.
    // (libs/slm/src/config/nli-config.spec.ts covers the other refusals without starting a process.)
    const boot = { DATABASE_URL: undefined, REDIS_URL: undefined, DATA_DIR: 'memory://' };

    it.each([
      ['builtin:nli', /SLM_NLI: the builtin provider cannot classify texts or text pairs \(NLI\); use transformers/],
      [
        `transformers:${models.classifier}`,
        /SLM_NLI: .*tiny-bert-classifier\/config\.json has no entailment label \(labels: billing, shipping, other\)/,
      ],
    ])('stops with exit 1 when SLM_NLI=%s', async (value, message) => {
      const result = await runEntryPoint(API, { ...boot, SLM_NLI: value });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
    });

    it('stops with exit 1 when SLM_NLI_THRESHOLD is not a probability', async () => {
      const result = await runEntryPoint(API, {
        ...boot,
        SLM_NLI: `transformers:${models.nli}`,
        SLM_NLI_THRESHOLD: '2',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/SLM_NLI_THRESHOLD: expected a number from 0 to 1 \(got "2"\)/);
    });
  });

  describe('configured (tiny NLI fixture, real transformers.js inference)', () => {
    let t: TestApp;
    const saved = process.env.SLM_NLI;

    beforeAll(async () => {
      // SlmModule reads the SLM_* variables from the environment, as a deployment sets them.
      process.env.SLM_NLI = `transformers:${models.nli}`;
      t = await startTestApp();
    });

    afterAll(async () => {
      await t?.close();
      if (saved === undefined) delete process.env.SLM_NLI;
      else process.env.SLM_NLI = saved;
    });

    it('reports the NLI model in /health and grounds agent answers with it', async () => {
      const client = knowledgeClient(t, (await t.newTenant('nli')).adminKey);
      const collectionId = await client.createReadyCollection('express', [
        {
          title: 'Express',
          text:
            '# Express\n\nExpress parcels ordered before noon arrive the next morning. ' +
            `Express parcels for the ${TINY_NLI_CONTRADICTED_WORD} arrive within a year.\n`,
        },
      ]);
      const thresholds = { minRetrievalScore: 0.05, minAnswerConfidence: 0.4, minSentenceSupport: 0.5 };
      const created = await client.call('/v1/agents', {
        method: 'POST',
        body: JSON.stringify({ name: 'Express desk', slug: 'express', collectionIds: [collectionId], thresholds }),
      });
      expect(created.status).toBe(201);
      const agentId = (await json(created)).id;
      const preview = await client.call(`/v1/agents/${agentId}/preview`, {
        method: 'POST',
        body: JSON.stringify({ message: 'When do express parcels arrive?' }),
      });
      const result = await json(preview);
      expect(result.text).toBe('Express parcels ordered before noon arrive the next morning [1].');
      expect(result.trace.find((step: { stage: string }) => step.stage === 'grounding')).toMatchObject({
        mode: 'nli',
        scores: { sentences: 2, dropped: 1 },
      });

      const health = await json(await fetch(`${t.baseUrl}/health`));
      expect(health.models.nli).toMatchObject({ provider: 'transformers', loaded: true });
    });
  });
});
