/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  EMBEDDER,
  Embedder,
  ESCALATION_GENERATOR,
  GENERATOR,
  generateText,
  Generator,
  loadSlmConfig,
  ModelRegistry,
  SlmModule,
} from '@app/slm';
import { ensureTinyModels } from '@app/slm/testing';
import { slmConfigProblems as problemsOf } from '@app/slm/testing';

@Injectable()
class AnswerService {
  constructor(
    @Inject(EMBEDDER) readonly embedder: Embedder,
    @Inject(GENERATOR) readonly generator: Generator,
    @Inject(ESCALATION_GENERATOR) readonly escalation: Generator | null,
  ) {}
}

describe('SlmModule', () => {
  it('provides the role models, a null escalation by default, and per-role health', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SlmModule.forRoot({ env: {} })],
      providers: [AnswerService],
    }).compile();
    const service = moduleRef.get(AnswerService);
    expect(service.embedder.id).toBe('builtin:hash@dim=384');
    expect(service.embedder.dimension).toBe(384);
    expect(service.escalation).toBeNull();
    const answer = await generateText(service.generator, [{ role: 'user', content: 'How long do refunds take?' }], {
      passages: [{ text: 'Refunds take 5 business days.' }],
    });
    expect(answer).toBe('Refunds take 5 business days [1].');
    const health = moduleRef.get(ModelRegistry).health();
    expect(Object.keys(health)).toEqual(['embedder', 'generator']);
    expect(health.generator).toMatchObject({ spec: 'builtin:extractive', provider: 'builtin', loaded: true });
    await moduleRef.close();
  });

  it('warms up every role at boot with SLM_WARMUP, including the escalation model', async () => {
    const { decoder } = ensureTinyModels();
    const env = { SLM_WARMUP: 'true', SLM_ESCALATION: `transformers:${decoder}` };
    const moduleRef = await Test.createTestingModule({ imports: [SlmModule.forRoot({ env })] }).compile();
    await moduleRef.init();
    const health = moduleRef.get(ModelRegistry).health();
    expect(health.escalation).toMatchObject({ provider: 'transformers', loaded: true, loadMs: expect.any(Number) });
    expect(health.embedder.loaded).toBe(true);
    expect(moduleRef.get(ESCALATION_GENERATOR)).not.toBeNull();
    await moduleRef.close();
  });

  it('accepts models built in code instead of env', async () => {
    const custom: Generator = {
      id: 'custom:echo',
      async *generate(messages) {
        yield messages.at(-1)!.content;
      },
    };
    const moduleRef = await Test.createTestingModule({
      imports: [SlmModule.forRoot({ env: {}, generator: custom })],
    }).compile();
    expect(moduleRef.get(GENERATOR)).toBe(custom);
    expect(moduleRef.get(ModelRegistry).health().generator).toEqual({
      spec: 'custom:echo',
      provider: 'custom',
      loaded: true,
    });
    await moduleRef.close();
  });

  it('stops the boot with a ConfigError naming the variable', async () => {
    await expect(
      Test.createTestingModule({ imports: [SlmModule.forRoot({ env: { SLM_GENERATOR: 'gpt:4' } })] }).compile(),
    ).rejects.toThrow(/SLM_GENERATOR: unknown provider "gpt"/);
  });
});

describe('model folder checks at boot', () => {
  const { encoder, decoder } = ensureTinyModels();
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'seed-slm-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names a missing config.json', () => {
    cpSync(encoder, join(dir, 'enc'), { recursive: true });
    unlinkSync(join(dir, 'enc', 'config.json'));
    expect(problemsOf({ SLM_EMBEDDER: `transformers:${join(dir, 'enc')}` })).toEqual([
      `SLM_EMBEDDER: ${join(dir, 'enc', 'config.json')} is missing`,
    ]);
  });

  it('names the missing onnx file and the dtypes that are there', () => {
    cpSync(encoder, join(dir, 'enc'), { recursive: true });
    const [problem] = problemsOf({ SLM_EMBEDDER: `transformers:${join(dir, 'enc')}@dtype=q8` });
    expect(problem).toMatch(
      /onnx\/model_quantized\.onnx is missing \(dtype q8\)\. Found model\.onnx: choose one with @dtype=fp32/,
    );
    mkdirSync(join(dir, 'empty', 'onnx'), { recursive: true });
    cpSync(join(encoder, 'config.json'), join(dir, 'empty', 'config.json'));
    expect(problemsOf({ SLM_MODEL_DIR: dir, SLM_EMBEDDER: 'transformers:empty' }).join('\n')).toMatch(
      /model\.onnx is missing .*Export the model to ONNX/,
    );
  });

  it('finds models by name under SLM_MODEL_DIR, and refuses a generator without a chat template', () => {
    cpSync(decoder, join(dir, 'acme', 'tiny-chat'), { recursive: true });
    expect(
      loadSlmConfig({ SLM_MODEL_DIR: dir, SLM_GENERATOR: 'transformers:acme/tiny-chat' }).models.generator,
    ).toMatchObject({
      location: { path: join(dir, 'acme', 'tiny-chat'), remote: false },
    });
    expect(problemsOf({ SLM_MODEL_DIR: dir, SLM_GENERATOR: `transformers:${encoder}` })[0]).toMatch(
      /has no chat template/,
    );
  });
});
