import type { TranscriptSnapshot } from './message-store';

/**
 * What survives a page load, per site key: the visitor token in localStorage (the visitor keeps their
 * conversation across tabs and days) and, in sessionStorage, the transcript shown so far with its
 * last seq (a navigation shows it at once and asks only for what is newer). Storage can be blocked
 * (privacy modes, sandboxed frames): then the widget still works, it just starts fresh each load.
 */
export class WidgetStorage {
  private readonly prefix: string;

  constructor(siteKey: string) {
    this.prefix = `seed-chat:${siteKey}:`;
  }

  get visitorToken(): string | undefined {
    return read(() => localStorage.getItem(`${this.prefix}visitor-token`)) ?? undefined;
  }

  set visitorToken(token: string | undefined) {
    const key = `${this.prefix}visitor-token`;
    write(() => (token ? localStorage.setItem(key, token) : localStorage.removeItem(key)));
  }

  loadTranscript(): unknown {
    const raw = read(() => sessionStorage.getItem(`${this.prefix}transcript`));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  }

  saveTranscript(snapshot: TranscriptSnapshot | null): void {
    const key = `${this.prefix}transcript`;
    write(() => (snapshot ? sessionStorage.setItem(key, JSON.stringify(snapshot)) : sessionStorage.removeItem(key)));
  }

  /** Whether the panel was open, so it stays open across the pages of one visit. */
  get panelOpen(): boolean {
    return read(() => sessionStorage.getItem(`${this.prefix}open`)) === '1';
  }

  set panelOpen(open: boolean) {
    write(() => sessionStorage.setItem(`${this.prefix}open`, open ? '1' : '0'));
  }
}

function read(get: () => string | null): string | null {
  try {
    return get();
  } catch {
    return null;
  }
}

function write(set: () => void): void {
  try {
    set();
  } catch {
    // Full or blocked storage only costs the resume-after-reload convenience.
  }
}
