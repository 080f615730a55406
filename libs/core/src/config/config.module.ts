import { DynamicModule, Global, Module } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig, loadCoreConfig } from './core-config';

@Global()
@Module({})
export class CoreConfigModule {
  /** `config` overrides the environment, which tests use to boot isolated instances. */
  static forRoot(config: CoreConfig = loadCoreConfig()): DynamicModule {
    return {
      module: CoreConfigModule,
      providers: [{ provide: CORE_CONFIG, useValue: config }],
      exports: [CORE_CONFIG],
    };
  }
}
