import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChatMessage, ESCALATION_GENERATOR, Generator } from '@app/slm';
import {
  AgentDefinition,
  DEFAULT_INTENT_TEACHER_TIMEOUT_MS,
  DEFAULT_MIN_INTENT_CONFIDENCE,
} from '../agents/agent.types';
import type { IntentClassifier } from '../intents';
import type { Entity } from '../entities/entity.types';
import { extractEntities } from '../entities/extract-entities';
import { isSmallTalk, readConfirmation, smallTalkReply } from './conversation-signals';
import { GuardStage } from './guard-stage';
import { IntentModelCache } from './intent-model.cache';
import { askIntentTeacher } from './intent-teacher';
import { AnswerOptions, KnowledgeAnswer, KnowledgeAnswerer } from './knowledge-answerer';
import type { ConversationContext, HandleMessageOptions, PipelineResult, PipelineRun } from './pipeline.types';
import { handoffReply, dontKnowReply, outOfScopeRefusal } from './pipeline-replies';
import { ReplyStream } from './reply-stream';
import { RouteDecision, routeMessage } from './route-message';
import { ToolStage } from './tool-stage';
import { TraceRecorder } from './trace-recorder';

type Understanding = Pick<PipelineResult, 'intent' | 'intentTeacher' | 'entities' | 'redactedText'>;
type IntentDecision = Pick<PipelineResult, 'intent' | 'intentTeacher'>;
/** What the message says about itself, read before the intent (the teacher is not asked about these). */
type Signals = { smallTalk: boolean; confirmation: 'yes' | 'no' | null };
type Answering = Required<Pick<AnswerOptions, 'onSentence'>> & { signal?: AbortSignal };

/**
 * The per-message pipeline: guard → intent → entities → route → answer (knowledge with grounding
 * check and cascade, a tool, small talk) or handoff/refusal. Only the redacted text reaches a model.
 * A knowledge answer streams sentence by sentence, each one only after the grounding check supported
 * it, so the visitor never sees a sentence the check would remove and the stream always spells out
 * exactly the final text; every other reply is streamed once it is complete.
 */
@Injectable()
export class AgentPipeline {
  private readonly logger = new Logger('AgentPipeline');

  constructor(
    private readonly guard: GuardStage,
    private readonly intents: IntentModelCache,
    private readonly knowledge: KnowledgeAnswerer,
    private readonly tools: ToolStage,
    /** The escalation model also decides intents the small model is unsure of (null: not configured). */
    @Inject(ESCALATION_GENERATOR) private readonly teacher: Generator | null = null,
  ) {}

  handleMessage(
    agent: AgentDefinition,
    context: ConversationContext,
    message: string,
    options: HandleMessageOptions = {},
  ): PipelineRun {
    const stream = new ReplyStream();
    const answering = { signal: options.signal, onSentence: (sentence: string) => stream.writeSentence(sentence) };
    const result = this.run(agent, context, message, answering);
    // The caller may only read the stream; a failure then surfaces there, not as an unhandled rejection.
    result.then(
      ({ text }) => {
        if (!stream.written) stream.write(text);
        stream.end();
      },
      (error: unknown) => stream.fail(error),
    );
    return { stream, result };
  }

  private async run(
    agent: AgentDefinition,
    context: ConversationContext,
    message: string,
    answering: Answering,
  ): Promise<PipelineResult> {
    const trace = new TraceRecorder();
    const guarded = this.guard.inspect(agent, message, trace);
    const base: Understanding = { intent: null, entities: [], redactedText: guarded.redactedText };
    if (guarded.blocked) return finish(base, trace, { text: guarded.refusal, route: 'refuse', tier: 'refusal' });
    answering.signal?.throwIfAborted();
    const signals = {
      smallTalk: isSmallTalk(guarded.redactedText),
      confirmation: readConfirmation(guarded.redactedText),
    };
    const understood = await this.understand(agent, context, message, guarded.redactedText, signals, trace, answering);
    const started = performance.now();
    const decision = routeMessage({
      blocked: false,
      intent: understood.intent ? { name: understood.intent.name, outOfScope: understood.intent.outOfScope } : null,
      ...signals,
      pending: context.pendingConfirmation ?? null,
      settings: agent.settings,
    });
    trace.add('route', `${decision.route}:${decision.reason}`, started);
    return this.act(decision, agent, context, message, understood, trace, answering);
  }

  private async act(
    decision: RouteDecision,
    agent: AgentDefinition,
    context: ConversationContext,
    message: string,
    understood: Understanding,
    trace: TraceRecorder,
    answering: Answering,
  ): Promise<PipelineResult> {
    const now = context.now ?? new Date();
    switch (decision.route) {
      case 'refuse':
        return finish(understood, trace, { text: outOfScopeRefusal(agent), route: 'refuse', tier: 'refusal' });
      case 'handoff':
        return finish(understood, trace, handoffReply(agent, decision.reason, now, ''));
      case 'small_talk': {
        const text = smallTalkOrDecline(decision.reason, message, agent);
        return finish(understood, trace, { text, route: 'small_talk', tier: 'slm' });
      }
      case 'tool': {
        const reply = await this.tools.run(
          decision.tool!,
          understood.entities,
          decision.confirmed,
          trace,
          answering.signal,
        );
        return finish(understood, trace, { ...reply, route: 'tool', tier: 'slm' });
      }
      case 'knowledge':
        return this.answerFromKnowledge(agent, context, understood, trace, now, answering);
    }
  }

  private async understand(
    agent: AgentDefinition,
    context: ConversationContext,
    original: string,
    redacted: string,
    signals: Signals,
    trace: TraceRecorder,
    answering: Answering,
  ): Promise<Understanding> {
    const decided = await this.classify(agent, context, redacted, signals, trace, answering.signal);
    const started = performance.now();
    let entities: Entity[] = [];
    try {
      // Tools need the real values (an order number, an email), so entities read the original text.
      entities = extractEntities(original, agent.settings.entities, context.now ?? new Date());
      trace.add('entities', entities.map((entity) => entity.type).join(',') || 'none', started);
    } catch (error) {
      trace.add('entities', `error:${(error as Error).message}`, started);
    }
    return { ...decided, entities, redactedText: redacted };
  }

  /**
   * The small model's intent; when it is not confident (out of scope, or below `minIntentConfidence`)
   * and the agent may escalate, the escalation model decides instead, time-boxed. Its label routes the
   * message and becomes a teacher label; without one (timeout, error, garbage) the small model's stands.
   */
  private async classify(
    agent: AgentDefinition,
    context: ConversationContext,
    redacted: string,
    signals: Signals,
    trace: TraceRecorder,
    signal: AbortSignal | undefined,
  ): Promise<IntentDecision> {
    const started = performance.now();
    const classifier = await this.intents.activeClassifier(agent.tenantId, agent.id);
    // A model trained on another embedder's vectors is not used at all (see IntentModelCache): the message
    // goes on as if the agent had no model, and the trace says why.
    const unusable = classifier?.embedderProblem() ?? null;
    if (!classifier || unusable) {
      trace.add('intent', unusable ? 'model_needs_other_embedder' : 'no_model', started);
      return { intent: null };
    }
    const prediction = await classifier.classify(redacted, { signal });
    const intent = { name: prediction.intent, confidence: prediction.confidence, outOfScope: prediction.outOfScope };
    trace.add('intent', intent.outOfScope ? 'out_of_scope' : intent.name!, started, { confidence: intent.confidence });
    if (!this.teacher || !this.asksTeacher(agent, context, intent, signals)) return { intent };
    const timeoutMs = agent.settings.thresholds.intentTeacherTimeoutMs ?? DEFAULT_INTENT_TEACHER_TIMEOUT_MS;
    const verdict = await askIntentTeacher(this.teacher, classifier.intents, redacted, signal, timeoutMs);
    if (!verdict.decided) {
      trace.record('intent_escalation', `kept_small_model:${verdict.reason}`, verdict.ms);
      return { intent };
    }
    trace.record('intent_escalation', verdict.outOfScope ? 'out_of_scope' : verdict.label, verdict.ms);
    return {
      intent: {
        name: verdict.outOfScope ? null : verdict.label,
        confidence: intent.confidence,
        outOfScope: verdict.outOfScope,
      },
      intentTeacher: { label: teacherLabel(verdict, classifier), model: this.teacher.id },
    };
  }

  /** Confident predictions, small talk and a yes/no to a pending confirmation never wait for the teacher. */
  private asksTeacher(
    agent: AgentDefinition,
    context: ConversationContext,
    intent: NonNullable<PipelineResult['intent']>,
    signals: Signals,
  ): boolean {
    if (!agent.settings.escalation) return false;
    const bar = agent.settings.thresholds.minIntentConfidence ?? DEFAULT_MIN_INTENT_CONFIDENCE;
    if (!intent.outOfScope && intent.confidence >= bar) return false;
    if (signals.smallTalk) return false;
    return !(context.pendingConfirmation && signals.confirmation);
  }

  private async answerFromKnowledge(
    agent: AgentDefinition,
    context: ConversationContext,
    understood: Understanding,
    trace: TraceRecorder,
    now: Date,
    answering: Answering,
  ): Promise<PipelineResult> {
    const messages: ChatMessage[] = [
      { role: 'system', content: systemPrompt(agent) },
      ...(context.history ?? []),
      { role: 'user', content: understood.redactedText },
    ];
    let answer: KnowledgeAnswer;
    try {
      answer = await this.knowledge.answer(agent, messages, trace, answering);
    } catch (error) {
      // A model or search failure must not leave the visitor without a reply: a human takes over.
      if (answering.signal?.aborted) throw error;
      this.logger.error(`agent ${agent.id}: answering failed: ${(error as Error).message}`);
      trace.add('answer', `error:${(error as Error).message}`, performance.now());
      answer = { answered: false, reason: 'answer_failed' };
    }
    if (!answer.answered) return finish(understood, trace, handoffReply(agent, answer.reason, now, dontKnowReply()));
    return finish(understood, trace, {
      text: answer.text,
      citations: answer.citations,
      route: 'knowledge',
      tier: answer.tier,
    });
  }
}

/** The teacher's "none of these" is stored as the model's own out-of-scope label, so students learn it. */
function teacherLabel(verdict: { label: string; outOfScope: boolean }, classifier: IntentClassifier): string {
  return verdict.outOfScope ? classifier.oosLabel : verdict.label;
}

function smallTalkOrDecline(reason: string, message: string, agent: AgentDefinition): string {
  return reason === 'confirmation_declined'
    ? "Alright, I won't go ahead with that. Is there anything else I can help you with?"
    : smallTalkReply(message, agent.name);
}

function systemPrompt(agent: AgentDefinition): string {
  const { persona, instructions, languages } = agent.settings;
  const language = languages.length > 0 ? `Answer in ${languages.join(' or ')}.` : '';
  return [persona, instructions, 'Answer only from the numbered passages and cite them as [n].', language]
    .filter((part) => part.trim().length > 0)
    .join('\n');
}

type Reply = Pick<PipelineResult, 'text' | 'route' | 'tier'> &
  Partial<Pick<PipelineResult, 'citations' | 'handoff' | 'confirmation'>>;

function finish(understood: Understanding, trace: TraceRecorder, reply: Reply): PipelineResult {
  trace.add('reply', reply.tier, performance.now());
  return { citations: [], ...understood, ...reply, trace: trace.steps };
}
