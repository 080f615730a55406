import { Injectable } from '@nestjs/common';
import type { AgentDefinition, GuardPolicy } from '../agents/agent.types';
import type { GuardReasonCode } from '../guard/guard.types';
import { MessageGuard } from '../guard/message-guard';
import { TraceRecorder } from './trace-recorder';

export interface GuardedMessage {
  blocked: boolean;
  refusal: string;
  redactedText: string;
}

const INJECTION: GuardReasonCode[] = ['injection_rule', 'injection_model'];
const TOXICITY: GuardReasonCode[] = ['toxicity_rule', 'toxicity_model'];

/**
 * Applies the agent's guard policy to the message guard's verdict. Input problems (empty, too long,
 * binary) always block; injection and toxicity block unless the policy turns them off. Redaction
 * always happens.
 */
@Injectable()
export class GuardStage {
  /** One guard per length limit: building one parses the detector weights. */
  private readonly guards = new Map<number, MessageGuard>();

  inspect(agent: AgentDefinition, message: string, trace: TraceRecorder): GuardedMessage {
    const started = performance.now();
    const policy = agent.settings.guard;
    const result = this.guardFor(policy.maxChars).inspect(message);
    const blocking = result.reasons.filter((reason) => policyBlocks(policy, reason.code));
    const blocked = result.verdict === 'block' && blocking.length > 0;
    const decision = blocked ? `block:${blocking.map((reason) => reason.code).join(',')}` : 'allow';
    trace.add('guard', result.pii.length > 0 ? `${decision}; redacted ${result.pii.length} PII` : decision, started, {
      injection: result.scores.injection,
      toxicity: result.scores.toxicity,
    });
    return { blocked, refusal: result.refusal ?? '', redactedText: result.redactedText };
  }

  private guardFor(maxChars: number): MessageGuard {
    let guard = this.guards.get(maxChars);
    if (!guard) {
      guard = new MessageGuard({ maxChars });
      this.guards.set(maxChars, guard);
    }
    return guard;
  }
}

function policyBlocks(policy: GuardPolicy, code: GuardReasonCode): boolean {
  if (INJECTION.includes(code)) return policy.blockInjection;
  if (TOXICITY.includes(code)) return policy.blockToxicity;
  return true;
}
