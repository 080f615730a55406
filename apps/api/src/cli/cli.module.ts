import { DynamicModule, Module } from '@nestjs/common';
import { CoreConfigModule, DatabaseModule, loadCoreConfig, TenancyModule } from '@app/core';

/** Config, database and tenancy without HTTP, logs or queues: enough for one-shot admin commands. */
@Module({})
export class CliModule {
  static forRoot(): DynamicModule {
    return {
      module: CliModule,
      imports: [CoreConfigModule.forRoot(loadCoreConfig()), DatabaseModule.forRoot({ migrate: true }), TenancyModule],
    };
  }
}
