import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AgentsModule } from '@app/agents';
import { AgentIntentsController } from './agent-intents.controller';
import { AgentPreviewController } from './agent-preview.controller';
import { AgentPreviewService } from './agent-preview.service';
import { AgentsController } from './agents.controller';

@Module({
  imports: [AgentsModule],
  controllers: [AgentsController, AgentIntentsController, AgentPreviewController],
  providers: [AgentPreviewService],
})
export class AgentsApiModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Training files may be posted as they are: `text/csv` arrives as a string (like text/plain). */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.();
    if (!fastify?.addContentTypeParser || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 },
      (_request: unknown, body: string, done: (error: null, value: string) => void) => done(null, body),
    );
  }
}
