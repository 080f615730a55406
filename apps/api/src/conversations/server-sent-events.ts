import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** One SSE frame; `event` null gives the unnamed frames OpenAI clients read. */
export function sseFrame(event: string | null, data: unknown): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`;
}

/** `?stream=true`, or `Accept: text/event-stream` unless `?stream=false`. */
export function wantsEventStream(stream: string | boolean | undefined, accept: string | undefined): boolean {
  if (stream === true || stream === 'true') return true;
  if (stream === false || stream === 'false') return false;
  return (accept ?? '').toLowerCase().includes('text/event-stream');
}

/**
 * Returns the frames as a stream for Nest to send. Fastify writes each frame as it comes and destroys
 * the stream when the client goes away, which ends the generator (its `finally` blocks run). The
 * Idempotency-Key interceptor records a streamed response as not replayable.
 */
export function eventStream(reply: FastifyReply, frames: AsyncIterable<string>): Readable {
  void reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache')
    // Proxies such as nginx would otherwise buffer the whole stream.
    .header('x-accel-buffering', 'no');
  return Readable.from(frames, { objectMode: false });
}
