import { Injectable } from '@nestjs/common';
import { AgentPipeline, AgentsService, PipelineResult, redactPii } from '@app/agents';
import { PreviewMessageDto } from './agents.dto';

/** Runs the pipeline for one message without a conversation; a closed connection cancels generation. */
@Injectable()
export class AgentPreviewService {
  constructor(
    private readonly agents: AgentsService,
    private readonly pipeline: AgentPipeline,
  ) {}

  async run(tenantId: string, agentId: string, body: PreviewMessageDto): Promise<PipelineResult> {
    const agent = await this.agents.get(tenantId, agentId);
    // Earlier turns come from the client: they are redacted like the message before a model sees them.
    const history = body.history?.map((turn) => ({ ...turn, content: redactPii(turn.content).redactedText }));
    const context = { tenantId, history, pendingConfirmation: body.pendingConfirmation ?? null };
    return this.pipeline.handleMessage(agent, context, body.message).result;
  }
}
