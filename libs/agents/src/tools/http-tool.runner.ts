import { Inject, Injectable } from '@nestjs/common';
import { OutboundGuard, OutboundRefused } from '@app/core';
import type { StoredTool } from '../agents/agent.types';
import { SecretBox } from '../secrets/secret-box';
import { SECRET_BOX } from '../secrets/secrets.tokens';
import { ToolArguments } from './tool-arguments';
import { renderToolReply } from './tool-reply';
import { expandUrlTemplate } from './url-template';

/** Responses larger than this are not read: a tool answer is a few fields, not a download. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export type ToolFailure = 'timeout' | 'unreachable' | 'http_error' | 'bad_response' | 'bad_request' | 'cancelled';

export type ToolOutcome =
  | { ok: true; reply: string; status: number; ms: number }
  | { ok: false; reply: string; failure: ToolFailure; detail: string; status?: number; ms: number };

/**
 * Calls a declarative HTTP tool. Every failure (slow, down, error status, unreadable body) becomes an
 * outcome with a reply the visitor can read; nothing here throws into the pipeline. Secret headers are
 * unsealed only for the duration of the call.
 */
@Injectable()
export class HttpToolRunner {
  constructor(
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    private readonly outbound: OutboundGuard,
  ) {}

  async call(tool: StoredTool, args: ToolArguments, signal?: AbortSignal): Promise<ToolOutcome> {
    const started = performance.now();
    const fail = (failure: ToolFailure, detail: string, status?: number): ToolOutcome => ({
      ok: false,
      reply: failureReply(tool, failure),
      failure,
      detail,
      status,
      ms: performance.now() - started,
    });
    let request: { url: string; init: RequestInit };
    try {
      request = this.buildRequest(tool, args);
    } catch (error) {
      return fail('bad_request', (error as Error).message);
    }
    const timeout = AbortSignal.timeout(tool.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await this.outbound.fetch(request.url, { ...request.init, signal: combined });
      const body = await readBody(response);
      if (!response.ok) return fail('http_error', `HTTP ${response.status}`, response.status);
      const reply = body === undefined ? null : renderToolReply(tool.replyTemplate, body);
      if (reply === null) return fail('bad_response', 'response was not the JSON the tool expects', response.status);
      return { ok: true, reply, status: response.status, ms: performance.now() - started };
    } catch (error) {
      // A refused address reads to the visitor like a service that is down; the detail says why.
      if (error instanceof OutboundRefused) return fail('unreachable', error.message);
      if (signal?.aborted) return fail('cancelled', 'the conversation cancelled the call');
      if (timeout.aborted) return fail('timeout', `no answer within ${tool.timeoutMs} ms`);
      return fail('unreachable', describeNetworkError(error));
    }
  }

  private buildRequest(tool: StoredTool, args: ToolArguments): { url: string; init: RequestInit } {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, sealed] of Object.entries(tool.headers)) headers[name] = this.secrets.open(sealed);
    const hasBody = tool.method !== 'GET' && tool.method !== 'DELETE';
    if (hasBody) headers['content-type'] = 'application/json';
    return {
      url: expandUrlTemplate(tool.url, args),
      init: { method: tool.method, headers, body: hasBody ? JSON.stringify(args) : undefined, redirect: 'error' },
    };
  }
}

/** The parsed JSON body; undefined when it is not JSON or too large. */
async function readBody(response: Response): Promise<unknown> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_RESPONSE_BYTES) return undefined;
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function failureReply(tool: StoredTool, failure: ToolFailure): string {
  const what = tool.description || tool.name;
  switch (failure) {
    case 'timeout':
      return `Sorry, the service for "${what}" is taking too long to answer right now. Please try again in a few minutes.`;
    case 'unreachable':
    case 'http_error':
      return `Sorry, I couldn't reach the service for "${what}" just now. Please try again later, or ask for a member of our team.`;
    case 'bad_response':
      return `Sorry, I got an answer for "${what}" that I couldn't read. Please try again later, or ask for a member of our team.`;
    case 'bad_request':
      return `Sorry, I couldn't prepare the request for "${what}" from the details you gave. Could you check them?`;
    case 'cancelled':
      return 'The request was cancelled.';
  }
}
