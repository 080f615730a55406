import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreModuleOptions } from '@app/core';
import { SlmModule } from '@app/slm';
import { WORKER_JOB_MODULES } from './job-modules';

@Module({})
export class WorkerModule {
  static forRoot(options: Omit<CoreModuleOptions, 'consumeJobs'>): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot({ ...options, consumeJobs: true }), SlmModule.forRoot(), ...WORKER_JOB_MODULES],
    };
  }
}
