import { DocumentRecord, DocumentStatus } from '../documents/document.types';
import { renderProgress } from './progress-bar';

export interface IngestOutcome {
  label: string;
  status: 'ready' | 'failed';
  chunks: number;
  error: string | null;
}

export interface IngestSummary {
  documents: number;
  ready: number;
  failed: number;
  chunks: number;
}

/**
 * The documents of one CLI run and how each ended. On a terminal it redraws one progress bar on
 * stderr; otherwise (a pipe, CI) it writes one line per finished document, so logs stay readable.
 */
export class IngestTracker {
  private readonly labels = new Map<string, string>();
  private readonly outcomes: IngestOutcome[] = [];
  private readonly interactive = Boolean(process.stderr.isTTY);

  constructor(private total: number) {}

  /** A file refused before it was stored (too large, unsupported type). */
  refuse(label: string, reason: string): void {
    this.finish({ label, status: 'failed', chunks: 0, error: reason });
  }

  /** A stored document; one that had settled already (an unchanged re-upload) counts at once. */
  track(document: DocumentRecord, label: string): void {
    this.labels.set(document.id, label);
    this.update(document.id, document.status, document.chunkCount, document.error);
  }

  /** Records a document's state; only its first settled state counts. */
  update(documentId: string, status: DocumentStatus, chunks = 0, error: string | null = null): void {
    const label = this.labels.get(documentId);
    if (label === undefined || (status !== 'ready' && status !== 'failed')) return;
    this.labels.delete(documentId);
    this.finish({ label, status, chunks: status === 'ready' ? chunks : 0, error });
  }

  /** Documents still being ingested. */
  pendingIds(): string[] {
    return [...this.labels.keys()];
  }

  /** A document that did not settle (e.g. deleted meanwhile) ends failed with `reason`. */
  abandon(documentId: string, reason: string): void {
    const label = this.labels.get(documentId);
    if (label === undefined) return;
    this.labels.delete(documentId);
    this.finish({ label, status: 'failed', chunks: 0, error: reason });
  }

  /** Raises the expected total when more documents become known (a crawl). */
  expect(total: number): void {
    this.total = total;
    if (this.interactive) this.draw();
  }

  failures(): IngestOutcome[] {
    return this.outcomes.filter((outcome) => outcome.status === 'failed');
  }

  summary(): IngestSummary {
    const failed = this.failures().length;
    return {
      documents: this.total,
      ready: this.outcomes.length - failed,
      failed,
      chunks: this.outcomes.reduce((sum, outcome) => sum + outcome.chunks, 0),
    };
  }

  private finish(outcome: IngestOutcome): void {
    this.outcomes.push(outcome);
    if (this.interactive) return this.draw();
    const position = `[${this.outcomes.length}/${this.total}]`;
    const chunks = `${outcome.chunks} chunk${outcome.chunks === 1 ? '' : 's'}`;
    const detail = outcome.status === 'ready' ? ` (${chunks})` : `: ${outcome.error}`;
    process.stderr.write(`${position} ${outcome.status} ${outcome.label}${detail}\n`);
  }

  private draw(): void {
    const { chunks, failed } = this.summary();
    renderProgress('ingest', this.outcomes.length, this.total, `documents · ${chunks} chunks · ${failed} failed`);
  }
}
