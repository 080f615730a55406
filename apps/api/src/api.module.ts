import { DynamicModule, Module, Type } from '@nestjs/common';
import { CoreModule, CoreModuleOptions } from '@app/core';
import { SlmModule } from '@app/slm';
import { AgentsApiModule } from './agents/agents-api.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { ConversationsApiModule } from './conversations/conversations-api.module';
import { HealthModule } from './health/health.module';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { OpenAiApiModule } from './openai/openai-api.module';
import { RealtimeModule } from './realtime/realtime.module';
import { UsersModule } from './users/users.module';
import { WebhooksApiModule } from './webhooks/webhooks-api.module';
import { WidgetModule } from './widget/widget.module';
import { WidgetSettingsApiModule } from './widget-settings/widget-settings.module';

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
        UsersModule,
        WebhooksApiModule,
        WidgetModule,
        ConversationsApiModule,
        OpenAiApiModule,
        RealtimeModule,
        WidgetSettingsApiModule,
        ...(options.jobModules ?? []),
      ],
    };
  }
}
