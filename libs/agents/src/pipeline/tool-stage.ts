import { Injectable } from '@nestjs/common';
import type { StoredTool } from '../agents/agent.types';
import type { Entity } from '../entities/entity.types';
import { HttpToolRunner } from '../tools/http-tool.runner';
import { checkToolArguments, fillToolArguments } from '../tools/tool-arguments';
import type { PendingConfirmation } from './pipeline.types';
import { TraceRecorder } from './trace-recorder';

export interface ToolReply {
  text: string;
  confirmation?: PendingConfirmation;
}

/**
 * Runs the tool a message was routed to: arguments from entities, validated against the tool's
 * schema; a mutating tool first asks the visitor to confirm; failures become a readable reply.
 */
@Injectable()
export class ToolStage {
  constructor(private readonly runner: HttpToolRunner) {}

  async run(
    tool: StoredTool,
    entities: Entity[],
    confirmed: PendingConfirmation | undefined,
    trace: TraceRecorder,
    signal?: AbortSignal,
  ): Promise<ToolReply> {
    const started = performance.now();
    const check = checkToolArguments(tool, confirmed?.args ?? fillToolArguments(tool, entities));
    if (!check.ok) {
      trace.add('tool', `${tool.name}:missing_arguments`, started);
      return { text: askForArguments(check.missing, check.problems) };
    }
    if (tool.mutating && !confirmed) {
      trace.add('tool', `${tool.name}:confirmation_requested`, started);
      return { text: confirmationQuestion(tool, check.args), confirmation: { tool: tool.name, args: check.args } };
    }
    const outcome = await this.runner.call(tool, check.args, signal);
    trace.add(
      'tool',
      `${tool.name}:${outcome.ok ? 'ok' : outcome.failure}`,
      started,
      outcome.status ? { status: outcome.status } : undefined,
      outcome.ok ? undefined : { reason: outcome.detail },
    );
    return { text: outcome.reply };
  }
}

function askForArguments(missing: string[], problems: string[]): string {
  if (missing.length > 0) {
    return `To help with that I need your ${missing.map((name) => name.replace(/_/g, ' ')).join(' and ')}. Could you give it to me?`;
  }
  return `Some of the details don't look right (${problems.join('; ')}). Could you check them?`;
}

function confirmationQuestion(tool: StoredTool, args: Record<string, unknown>): string {
  const details = Object.entries(args)
    .map(([name, value]) => `${name.replace(/_/g, ' ')}: ${String(value)}`)
    .join(', ');
  return `I can ${tool.description || tool.name}${details ? ` (${details})` : ''}. Shall I go ahead? Please answer yes or no.`;
}
