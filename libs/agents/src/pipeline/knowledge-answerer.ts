import { Inject, Injectable, Optional } from '@nestjs/common';
import { RetrievalService, RetrievedChunk } from '@app/rag';
import {
  ChatMessage,
  EntailmentModel,
  ESCALATION_GENERATOR,
  EXTRACTIVE_NO_ANSWER,
  GENERATOR,
  Generator,
  NLI,
  Passage,
} from '@app/slm';
import type { AgentDefinition } from '../agents/agent.types';
import { GroundedGeneration, groundWhileGenerating } from './grounded-generation';
import { AsyncSentenceGrounder, citedPassages, GroundingMode, nliGrounder, sentenceGrounder } from './grounding-check';
import type { AnswerTier, Citation } from './pipeline.types';
import { TraceRecorder } from './trace-recorder';

export type KnowledgeAnswer =
  | { answered: true; tier: Extract<AnswerTier, 'slm' | 'escalation'>; text: string; citations: Citation[] }
  | { answered: false; reason: string };

export interface AnswerOptions {
  signal?: AbortSignal;
  /** Receives each grounded sentence the moment it may be shown (the caller streams it). */
  onSentence?: (sentence: string) => void;
}

interface Attempt {
  text: string;
  cited: number[];
}

/**
 * Retrieval, generation and the grounding check, up the cascade: the small model answers when the
 * passages are relevant enough and its grounded answer is confident; otherwise the escalation model
 * (when configured and allowed) tries with the same passages; otherwise the caller hands off.
 * Sentences are grounded while they are generated and handed to `onSentence` once supported, so the
 * visitor reads the first one while the rest is still being written; a tier that shows nothing
 * leaves the next one a clean slate. The check is lexical unless an NLI model is configured (SLM_NLI).
 */
@Injectable()
export class KnowledgeAnswerer {
  constructor(
    private readonly retrieval: RetrievalService,
    @Inject(GENERATOR) private readonly generator: Generator,
    @Inject(ESCALATION_GENERATOR) private readonly escalation: Generator | null,
    @Optional() @Inject(NLI) private readonly nli: EntailmentModel | null = null,
  ) {}

  async answer(agent: AgentDefinition, messages: ChatMessage[], trace: TraceRecorder, options: AnswerOptions = {}) {
    const { settings } = agent;
    if (settings.collectionIds.length === 0) return unanswered(trace, 'no_knowledge');
    const hits = await this.retrieve(agent, messages.at(-1)?.content ?? '', trace);
    if (hits.length === 0) return unanswered(trace, 'nothing_retrieved');
    const passages: Passage[] = hits.map((hit) => ({ text: hit.text, title: hit.documentTitle, id: hit.chunkId }));
    const retrievalScore = Math.max(...hits.map((hit) => hit.vectorScore ?? 0));
    if (retrievalScore >= settings.thresholds.minRetrievalScore) {
      const slm = await this.attempt('slm', this.generator, agent, messages, passages, trace, options);
      if (slm) return answered('slm', slm, hits);
    } else {
      trace.add('answer', 'skipped:low_retrieval_score', performance.now(), { retrieval: retrievalScore });
    }
    if (!settings.escalation || !this.escalation) {
      return unanswered(trace, settings.escalation ? 'no_escalation_model' : 'escalation_disabled');
    }
    const escalated = await this.attempt('escalation', this.escalation, agent, messages, passages, trace, options);
    return escalated ? answered('escalation', escalated, hits) : unanswered(trace, 'not_confident');
  }

  private async retrieve(agent: AgentDefinition, query: string, trace: TraceRecorder): Promise<RetrievedChunk[]> {
    const started = performance.now();
    const hits = await this.retrieval.retrieve({
      tenantId: agent.tenantId,
      collectionIds: agent.settings.collectionIds,
      query,
      k: agent.settings.topK,
    });
    const top = Math.max(0, ...hits.map((hit) => hit.vectorScore ?? 0));
    trace.add('retrieve', `${hits.length} passages`, started, {
      topVectorScore: top,
      topFusedScore: hits[0]?.score ?? 0,
    });
    return hits;
  }

  /** The check for these passages: the NLI model's when one is configured, the lexical one otherwise. */
  private grounding(
    passages: Passage[],
    minSentenceSupport: number,
    signal?: AbortSignal,
  ): { mode: GroundingMode; threshold: number; ground: AsyncSentenceGrounder } {
    const texts = passages as { text: string }[];
    if (this.nli) return { mode: 'nli', threshold: this.nli.threshold, ground: nliGrounder(texts, this.nli, signal) };
    return { mode: 'lexical', threshold: minSentenceSupport, ground: sentenceGrounder(texts, minSentenceSupport) };
  }

  /** Generates with `generator`, releasing grounded sentences as they end; null when none was released. */
  private async attempt(
    tier: 'slm' | 'escalation',
    generator: Generator,
    agent: AgentDefinition,
    messages: ChatMessage[],
    passages: Passage[],
    trace: TraceRecorder,
    { signal, onSentence }: AnswerOptions,
  ): Promise<Attempt | null> {
    const started = performance.now();
    const { minSentenceSupport, minAnswerConfidence } = agent.settings.thresholds;
    const { mode, threshold, ground } = this.grounding(passages, minSentenceSupport, signal);
    const grounder = timed(ground);
    const tokens = generator.generate(messages, { signal, passages, maxNewTokens: 256 });
    const outcome = await groundWhileGenerating(tokens, {
      ground: grounder.ground,
      minConfidence: minAnswerConfidence,
      release: (sentence) => onSentence?.(sentence.text),
    });
    const firstSentence =
      outcome.firstReleaseMs === null ? undefined : { firstSentenceMs: round(outcome.firstReleaseMs) };
    trace.add(tier === 'slm' ? 'answer' : 'escalation', `generated by ${generator.id}`, started, firstSentence);
    if (outcome.failure !== undefined) {
      // Sentences already shown stay the answer; with nothing shown the failure goes up as before.
      if (signal?.aborted || outcome.released.length === 0) throw outcome.failure;
      trace.add(
        tier === 'slm' ? 'answer' : 'escalation',
        `error:${(outcome.failure as Error).message}`,
        performance.now(),
      );
    }
    const { sentences } = outcome.report;
    trace.record(
      'grounding',
      groundingDecision(tier, outcome, minAnswerConfidence),
      grounder.ms(),
      {
        confidence: outcome.report.confidence,
        sentences: sentences.length,
        dropped: sentences.filter((sentence) => !sentence.supported).length,
        threshold,
      },
      { mode, sentenceSupport: sentences.map(({ support, supported }) => ({ support: round4(support), supported })) },
    );
    if (outcome.released.length === 0) return null;
    return {
      text: outcome.released.map((sentence) => sentence.text).join(' '),
      cited: citedPassages(outcome.released),
    };
  }
}

function groundingDecision(tier: string, outcome: GroundedGeneration, minConfidence: number): string {
  if (outcome.released.length > 0) {
    // Shown sentences cannot be taken back, even when later ones drag the whole answer below the bar.
    return `${tier}:${outcome.report.confidence >= minConfidence ? 'grounded' : 'grounded_low_confidence'}`;
  }
  const raw = outcome.raw.trim();
  return `${tier}:${raw === '' || raw === EXTRACTIVE_NO_ANSWER ? 'no_answer' : 'not_confident'}`;
}

/** Adds up the time spent checking (until each NLI verdict arrives), which is interleaved with generation. */
function timed(ground: AsyncSentenceGrounder): { ground: AsyncSentenceGrounder; ms: () => number } {
  let total = 0;
  return {
    ground: (sentence) => {
      const started = performance.now();
      const stop = () => (total += performance.now() - started);
      // Neither grounder throws: the lexical one cannot fail, the NLI one fails through its promise.
      const scored = ground(sentence);
      if ('then' in scored) return scored.finally(stop);
      stop();
      return scored;
    },
    ms: () => total,
  };
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

function answered(tier: 'slm' | 'escalation', attempt: Attempt, hits: RetrievedChunk[]): KnowledgeAnswer {
  const citations = attempt.cited.map((n): Citation => {
    const hit = hits[n - 1];
    return {
      n,
      chunkId: hit.chunkId,
      documentId: hit.documentId,
      title: hit.documentTitle,
      headingPath: hit.headingPath,
      start: hit.start,
      end: hit.end,
      sourceUrl: hit.sourceUrl,
    };
  });
  return { answered: true, tier, text: attempt.text, citations };
}

function unanswered(trace: TraceRecorder, reason: string): KnowledgeAnswer {
  trace.add('cascade', `handoff:${reason}`, performance.now());
  return { answered: false, reason };
}
