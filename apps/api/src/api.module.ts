import { DynamicModule, Module, Type } from '@nestjs/common';
import { CoreModule, CoreModuleOptions } from '@app/core';
import { SlmModule } from '@app/slm';
import { AgentsApiModule } from './agents/agents-api.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { HealthModule } from './health/health.module';
import { KnowledgeModule } from './knowledge/knowledge.module';

export interface ApiModuleOptions extends CoreModuleOptions {
  /** Modules holding job processors, run in this process too (the embedded mode). */
  jobModules?: Type[];
}

@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(options),
        SlmModule.forRoot(),
        HealthModule,
        ApiKeysModule,
        KnowledgeModule,
        AgentsApiModule,
        ...(options.jobModules ?? []),
      ],
    };
  }
}
