import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for';

/**
 * An OpenAI-compatible generator whose completions stream only what the test writes, so a reply is
 * provably half-written when a human takes over or the visitor leaves.
 */
export class HeldModelServer {
  readonly held: ServerResponse[] = [];
  /** Completions the client abandoned before they were finished (an aborted generation). */
  closedEarly = 0;
  url = '';
  private server?: Server;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        this.held.push(response);
      });
      response.on('close', () => {
        if (!response.writableEnded) this.closedEarly++;
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  /** The request the model received after `before` others. */
  next(before: number): Promise<ServerResponse> {
    return waitFor('the model to be asked', () => this.held.length > before && this.held[before]);
  }

  write(response: ServerResponse, text: string): void {
    response.write(`data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`);
  }

  finish(response: ServerResponse, text = ''): void {
    if (text) this.write(response, text);
    response.end('data: [DONE]\n\n');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done));
  }
}
