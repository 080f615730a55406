import type { TraceStep } from './pipeline.types';

/** What some steps record beside their scores. */
type StepDetail = Pick<TraceStep, 'mode' | 'sentenceSupport' | 'reason'>;

/** Collects the trace: each stage's decision, scores and time. */
export class TraceRecorder {
  readonly steps: TraceStep[] = [];

  add(stage: string, decision: string, started: number, scores?: Record<string, number>, detail?: StepDetail): void {
    this.record(stage, decision, performance.now() - started, scores, detail);
  }

  /** A stage whose time was measured piecemeal (e.g. interleaved with generation). */
  record(stage: string, decision: string, ms: number, scores?: Record<string, number>, detail?: StepDetail): void {
    this.steps.push({ stage, decision, ...(scores ? { scores } : {}), ...detail, ms: round(ms) });
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
