import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ConfigError, DomainError, ErrorCode } from '@app/core';
import { SlmConfig, SlmRole } from '../config/slm-config';
import { resolveModel } from '../config/resolve-model';
import {
  createClassifier,
  createEmbedder,
  createGenerator,
  embedderId,
  RuntimeSettings,
} from '../providers/create-model';
import { ClassifierEntailment } from '../runtime/entailment-model';
import { Classifier, Embedder, EntailmentModel, Generator, ModelHealth, ModelStatus } from '../slm.types';
import { SLM_CONFIG, SLM_OVERRIDES } from './slm.tokens';

/** Models built in code instead of named in env, e.g. a LangChain chat model wrapped by `fromLangChain`. */
export interface SlmOverrides {
  embedder?: Embedder;
  generator?: Generator;
  escalation?: Generator | null;
}

type RoleModel = Embedder | Generator | Classifier;

/**
 * Owns every model of the process: one instance per role, built from config at boot (weights load on
 * first use, or at boot with SLM_WARMUP=true), classifiers on request by spec, all disposed at shutdown.
 */
@Injectable()
export class ModelRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SlmRuntime');
  private readonly roles = new Map<SlmRole, RoleModel>();
  private readonly classifiers = new Map<string, Classifier & ModelStatus>();
  /** Embedders other than the configured one, by vector-space id (collections re-embedded with them). */
  private readonly extraEmbedders = new Map<string, Embedder>();
  private readonly runtime: RuntimeSettings;
  private readonly entailmentModel: EntailmentModel | null = null;

  constructor(
    @Inject(SLM_CONFIG) private readonly config: SlmConfig,
    @Optional() @Inject(SLM_OVERRIDES) overrides: SlmOverrides | null = null,
  ) {
    this.runtime = {
      modelDir: config.modelDir,
      batchWindowMs: config.batchWindowMs,
      embedMemory: config.embedMemory,
      maxNewTokens: config.maxNewTokens,
    };
    const { embedder, generator, escalation } = config.models;
    this.roles.set('embedder', overrides?.embedder ?? createEmbedder(embedder, this.runtime));
    this.roles.set('generator', overrides?.generator ?? createGenerator(generator, this.runtime));
    const escalationModel =
      overrides?.escalation !== undefined
        ? overrides.escalation
        : escalation && createGenerator(escalation, this.runtime);
    if (escalationModel) this.roles.set('escalation', escalationModel);
    if (config.models.nli?.provider === 'transformers') {
      const classifier = createClassifier(config.models.nli, this.runtime);
      this.roles.set('nli', classifier);
      this.entailmentModel = new ClassifierEntailment(classifier, config.nliThreshold);
    }
  }

  embedder(): Embedder {
    return this.roles.get('embedder') as Embedder;
  }

  generator(): Generator {
    return this.roles.get('generator') as Generator;
  }

  /** Null when SLM_ESCALATION is unset. */
  escalation(): Generator | null {
    return (this.roles.get('escalation') as Generator | undefined) ?? null;
  }

  /** The NLI model of the grounding check; null when SLM_NLI is unset (the check is then lexical). */
  nli(): EntailmentModel | null {
    return this.entailmentModel;
  }

  /** A classifier by spec (`transformers:<folder or hub id>[@options]`), built once and then shared. */
  classifier(spec: string, variable = 'classifier spec'): Classifier {
    const existing = this.classifiers.get(spec);
    if (existing) return existing;
    const { settings, problems } = resolveModel(spec, 'classifier', variable, this.config.context);
    if (!settings || settings.provider !== 'transformers') {
      throw new ConfigError(problems.length ? problems : [`${variable}: only the transformers provider classifies`]);
    }
    const classifier = createClassifier(settings, this.runtime);
    this.classifiers.set(spec, classifier);
    return classifier;
  }

  /**
   * The embedder for a spec (`builtin:hash@dim=256`, `transformers:<folder>`, `openai:<model>@dim=768`),
   * checked like the boot config and built once per vector space; the configured embedder when the spec
   * names the same space (or is its id, which may not parse when the embedder was built in code).
   * A spec that does not resolve is the caller's mistake: a ValidationFailed error listing the problems.
   */
  embedderFor(spec: string, variable = 'embedder'): Embedder {
    const configured = this.embedder();
    if (spec === configured.id) return configured;
    const cached = this.extraEmbedders.get(spec);
    if (cached) return cached;
    const { settings, problems } = resolveModel(spec, 'embedder', variable, this.config.context);
    if (!settings) throw new DomainError(ErrorCode.ValidationFailed, problems.join('; '));
    const id = embedderId(settings);
    if (id === configured.id) return configured;
    const embedder = this.extraEmbedders.get(id) ?? createEmbedder(settings, this.runtime);
    this.extraEmbedders.set(id, embedder);
    this.extraEmbedders.set(spec, embedder);
    return embedder;
  }

  /** Per role (and per classifier spec): `{ spec, provider, loaded, loadMs, rssBytes }`, for `/health`. */
  health(): Record<string, ModelHealth> {
    const report: Record<string, ModelHealth> = {};
    for (const [role, model] of this.roles) report[role] = healthOf(model);
    for (const [spec, classifier] of this.classifiers) report[`classifier:${spec}`] = classifier.health();
    return report;
  }

  /** Loads every role's model now and runs one tiny inference through each. */
  async warmUp(): Promise<void> {
    for (const [role, model] of this.roles) {
      if (!isManaged(model)) continue;
      await model.load({ warmUp: true });
      this.logger.log(`${role} ready: ${model.health().spec}`);
    }
  }

  /** Loads the embedder when its vector size is only known after loading (a remote hub model). */
  async ensureEmbedderDimension(embedder: Embedder = this.embedder()): Promise<void> {
    try {
      void embedder.dimension;
    } catch {
      if (isManaged(embedder)) await embedder.load();
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.warmUp) await this.warmUp();
  }

  async onApplicationShutdown(): Promise<void> {
    const models: unknown[] = [
      ...this.roles.values(),
      ...this.classifiers.values(),
      ...new Set(this.extraEmbedders.values()),
    ];
    await Promise.allSettled(models.filter(isManaged).map((model) => model.dispose()));
  }
}

function isManaged(model: unknown): model is ModelStatus {
  return typeof (model as ModelStatus).health === 'function' && typeof (model as ModelStatus).load === 'function';
}

function healthOf(model: RoleModel): ModelHealth {
  if (isManaged(model)) return model.health();
  return { spec: model.id, provider: 'custom', loaded: true };
}
