import { Module } from '@nestjs/common';
import { AgentsModule } from '@app/agents';
import { ConversationsModule } from '@app/conversations';
import { ChatCompletionsController } from './chat-completions.controller';
import { ChatCompletionsService } from './chat-completions.service';
import { ModelsController } from './models.controller';

/** POST /v1/chat/completions and GET /v1/models: OpenAI clients talk to agents (API keys with the `integration` or `agent` scope). */
@Module({
  imports: [ConversationsModule, AgentsModule],
  controllers: [ChatCompletionsController, ModelsController],
  providers: [ChatCompletionsService],
})
export class OpenAiApiModule {}
