import { DynamicModule, Global, Module } from '@nestjs/common';
import { loadSlmConfig, SlmConfig } from '../config/slm-config';
import { ModelRegistry, SlmOverrides } from './model-registry.service';
import { EMBEDDER, ESCALATION_GENERATOR, GENERATOR, NLI, SLM_CONFIG, SLM_OVERRIDES } from './slm.tokens';

export interface SlmModuleOptions extends SlmOverrides {
  /** Variables to read instead of process.env (tests). */
  env?: NodeJS.ProcessEnv;
  /** A config already loaded, e.g. by a test. */
  config?: SlmConfig;
}

/**
 * The model runtime for the whole app: `SlmModule.forRoot()` once in the root module, then inject
 * `EMBEDDER`, `GENERATOR`, `ESCALATION_GENERATOR`, `NLI` or `ModelRegistry` anywhere. The config is validated
 * when the module is built, so a bad SLM_* variable stops the boot with a message naming it.
 */
@Global()
@Module({})
export class SlmModule {
  static forRoot(options: SlmModuleOptions = {}): DynamicModule {
    const { env, config, ...overrides } = options;
    return {
      module: SlmModule,
      providers: [
        { provide: SLM_CONFIG, useFactory: () => config ?? loadSlmConfig(env ?? process.env) },
        { provide: SLM_OVERRIDES, useValue: overrides },
        ModelRegistry,
        {
          provide: EMBEDDER,
          inject: [ModelRegistry],
          useFactory: async (registry: ModelRegistry) => {
            await registry.ensureEmbedderDimension();
            return registry.embedder();
          },
        },
        { provide: GENERATOR, inject: [ModelRegistry], useFactory: (registry: ModelRegistry) => registry.generator() },
        {
          provide: ESCALATION_GENERATOR,
          inject: [ModelRegistry],
          useFactory: (registry: ModelRegistry) => registry.escalation(),
        },
        { provide: NLI, inject: [ModelRegistry], useFactory: (registry: ModelRegistry) => registry.nli() },
      ],
      exports: [SLM_CONFIG, ModelRegistry, EMBEDDER, GENERATOR, ESCALATION_GENERATOR, NLI],
    };
  }
}
