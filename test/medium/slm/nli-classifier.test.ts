/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import { Logger } from '@nestjs/common';
import { loadSlmConfig, ModelRegistry } from '@app/slm';
import { ensureTinyModels, TINY_NLI_CONTRADICTED_WORD, TINY_NLI_LABELS } from '@app/slm/testing';

// The tiny NLI model's rule: a hypothesis with "moon" in it is contradicted, any other is entailed.
describe('NLI with a pair classifier (tiny BERT-like MNLI model, real transformers.js inference)', () => {
  const models = ensureTinyModels();
  const spec = `transformers:${models.nli}`;
  let registry: ModelRegistry;

  beforeAll(() => {
    registry = new ModelRegistry(loadSlmConfig({ SLM_NLI: spec, SLM_NLI_THRESHOLD: '0.6' }));
  });

  afterAll(() => registry.onApplicationShutdown());

  const best = (scores: { label: string }[]) => scores[0].label;

  it('reads premise and hypothesis as a pair, with their own segments', async () => {
    expect(TINY_NLI_CONTRADICTED_WORD).toBe('moon');
    const classifier = registry.classifier(spec);
    const scores = await classifier.classify(['The moon is bright tonight.', 'Refunds take five days.'], {
      pairs: ['Refunds take five days.', 'We ship to the moon.'],
    });
    expect(classifier.labels).toEqual(TINY_NLI_LABELS);
    // Only the hypothesis counts: the moon in a premise changes nothing, the moon in a hypothesis does.
    expect(scores.map(best)).toEqual(['entailment', 'contradiction']);
    // The same words as one text are all segment 0, so the rule never fires: pairs really are pairs.
    const [joined] = await classifier.classify(['Refunds take five days. We ship to the moon.']);
    expect(best(joined)).toBe('entailment');
  });

  it('cuts a long premise, never the hypothesis, to fit the window (logged once)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const premise = 'refunds reach your card within five business days after we receive the parcel. '.repeat(20);
    const classifier = registry.classifier(spec);
    const [long, short] = await classifier.classify([premise, premise], {
      pairs: ['Parcels can be sent to the moon.', 'Refunds take five days.'],
    });
    expect(best(long)).toBe('contradiction');
    expect(best(short)).toBe('entailment');
    expect(warn.mock.calls.filter(([m]) => String(m).includes('its first text was cut'))).toHaveLength(1);
    warn.mockRestore();
  });

  it('gives the entailment probability per pair with the configured threshold, and reports health', async () => {
    const nli = registry.nli()!;
    expect(nli.threshold).toBe(0.6);
    const [kept, dropped] = await nli.entailment([
      { premise: 'Express parcels arrive the next morning.', hypothesis: 'Express parcels arrive early.' },
      { premise: 'Express parcels arrive the next morning.', hypothesis: 'Express parcels fly to the moon.' },
    ]);
    expect(kept).toBeGreaterThan(0.9);
    expect(dropped).toBeLessThan(0.01);
    expect(registry.health().nli).toMatchObject({ provider: 'transformers', loaded: true });
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('visitor left'));
    await expect(
      registry.nli()!.entailment([{ premise: 'a', hypothesis: 'b' }], { signal: controller.signal }),
    ).rejects.toThrow('visitor left');
  });
});
