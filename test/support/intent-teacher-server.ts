import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `slow`: the `keywords` answer, written `slowMs` after the question arrived. */
export type TeacherMode = 'keywords' | 'garbage' | 'silent' | 'slow';

interface ChatBody {
  messages: { role: string; content: string }[];
}

/**
 * An OpenAI-compatible escalation model. Asked for an intent (the pipeline's teacher prompt), it reads
 * the label list in the prompt and answers the label whose keyword the visitor's message contains, as
 * a larger model would; or garbage, or nothing at all, or the right label late, as the test sets `mode`. Asked to answer a
 * question, it says nothing (so the answer cascade hands off).
 */
export class IntentTeacherServer {
  mode: TeacherMode = 'keywords';
  /**
   * How late a `slow` teacher answers: well past a 100 ms time box (its timer starts before the question
   * is even sent) and well within the default 3 s, so which box the pipeline used decides the outcome.
   */
  slowMs = 500;
  /** Intent prompts received: the user message of each. */
  readonly intentRequests: string[] = [];
  readonly answerRequests: string[] = [];
  url = '';
  private server?: Server;
  private readonly silent: ServerResponse[] = [];
  private readonly late = new Set<NodeJS.Timeout>();

  constructor(private readonly keywords: Record<string, string>) {}

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk) => (raw += chunk));
      request.on('end', () => this.answer(JSON.parse(raw) as ChatBody, response));
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  private answer(body: ChatBody, response: ServerResponse): void {
    const system = body.messages.find((message) => message.role === 'system')?.content ?? '';
    const user = body.messages.at(-1)?.content ?? '';
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    if (!system.startsWith('You sort customer messages')) {
      this.answerRequests.push(user);
      return void response.end('data: [DONE]\n\n');
    }
    this.intentRequests.push(user);
    if (this.mode === 'silent') return void this.silent.push(response);
    if (this.mode === 'slow') {
      const timer = setTimeout(() => {
        this.late.delete(timer);
        // The pipeline may have stopped waiting and closed the connection: nothing to write to.
        if (!response.destroyed) this.writeLabel(this.keywordLabel(system, user), response);
      }, this.slowMs);
      return void this.late.add(timer);
    }
    const label = this.mode === 'garbage' ? 'Hmm, hard to say. Maybe billing?' : this.keywordLabel(system, user);
    this.writeLabel(label, response);
  }

  /** The offered label whose keyword the message contains, else out_of_scope. */
  private keywordLabel(system: string, user: string): string {
    const offered = [...system.matchAll(/^- (\S+)$/gm)].map((match) => match[1]);
    return (
      offered.find((candidate) => this.keywords[candidate] && user.includes(this.keywords[candidate])) ?? 'out_of_scope'
    );
  }

  private writeLabel(label: string, response: ServerResponse): void {
    // Written in pieces with a reason after the label, as chat models do.
    for (const piece of [label.slice(0, 3), label.slice(3), '\n', 'Because the visitor said so.']) {
      response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
    }
    response.end('data: [DONE]\n\n');
  }

  async stop(): Promise<void> {
    for (const timer of this.late) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done));
  }
}
