import { Global, Module } from '@nestjs/common';
import { CORE_CONFIG, CoreConfig } from '../config/core-config';
import { outboundPolicyOf } from '../config/outbound-config';
import { OutboundGuard } from './outbound-guard';

/** One guarded connection pool per process, for every caller of tenant-given URLs. */
@Global()
@Module({
  providers: [
    {
      provide: OutboundGuard,
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => new OutboundGuard(outboundPolicyOf(config)),
    },
  ],
  exports: [OutboundGuard],
})
export class OutboundModule {}
