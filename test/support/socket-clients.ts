import { io, Socket } from 'socket.io-client';
import type { SocketError, WidgetHandshake, WidgetSession } from '@app/conversations';
import { json } from './test-app';
import { waitFor } from './wait-for';

export const PAGE_ORIGIN = 'https://shop.example.com';

/** Every event a socket received, in order, for assertions on what arrived and in which order. */
export interface RecordedSocket {
  socket: Socket;
  events: { event: string; payload: any }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Payloads of one event, in order. */
  payloads(event: string): any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Waits until `count` events named `event` arrived; returns their payloads. */
  waitFor(event: string, count?: number, what?: string): Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Emits with an acknowledgement and resolves with it. */
  request(event: string, ...args: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): void;
}

/** A refused handshake: the `data` of socket.io's connect_error. */
export class ConnectRefused extends Error {
  constructor(readonly data: SocketError | undefined) {
    super(`connect refused: ${JSON.stringify(data)}`);
  }
}

function record(socket: Socket): RecordedSocket {
  const events: RecordedSocket['events'] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  const payloads = (event: string) => events.filter((entry) => entry.event === event).map((entry) => entry.payload);
  return {
    socket,
    events,
    payloads,
    waitFor: (event, count = 1, what = `${count} × ${event}`) =>
      waitFor(what, () => payloads(event).length >= count && payloads(event)),
    request: (event, ...args) => socket.timeout(20_000).emitWithAck(event, ...args),
    close: () => socket.close(),
  };
}

/** Connects for real (WebSocket transport) and resolves once connected, or rejects with the refusal. */
function connect(url: string, options: Parameters<typeof io>[1]): Promise<RecordedSocket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  const recorded = record(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(recorded));
    socket.once('connect_error', (error: Error & { data?: SocketError }) => {
      socket.close();
      reject(new ConnectRefused(error.data));
    });
  });
}

export interface WidgetClient extends RecordedSocket {
  session: WidgetSession;
}

/** A visitor's widget on the page `origin`; resolves once the `session` event arrived. */
export async function connectWidget(
  baseUrl: string,
  auth: Partial<WidgetHandshake> | Record<string, unknown>,
  origin: string | null = PAGE_ORIGIN,
): Promise<WidgetClient> {
  const client = await connect(`${baseUrl}/widget`, { auth, extraHeaders: origin ? { origin } : {} });
  const [session] = await client.waitFor('session');
  return { ...client, session };
}

export function connectConsole(baseUrl: string, auth: Record<string, unknown>): Promise<RecordedSocket> {
  return connect(`${baseUrl}/console`, { auth });
}

/** What a refused connection answered. */
export async function refusal(connecting: Promise<unknown>): Promise<SocketError | undefined> {
  try {
    const client = (await connecting) as RecordedSocket;
    client.close();
  } catch (error) {
    if (error instanceof ConnectRefused) return error.data;
    throw error;
  }
  throw new Error('expected the connection to be refused');
}

/** An HTTP client for the admin endpoints the socket tests set up with. */
export function adminClient(baseUrl: string, key: string) {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  return {
    call,
    async createAgent(slug: string, collectionIds: string[] = []): Promise<string> {
      const response = await call('POST', '/v1/agents', { name: slug, slug, collectionIds });
      if (response.status !== 201) throw new Error(`create agent: ${response.status} ${await response.text()}`);
      return (await json(response)).id;
    },
    /** Creates the tenant's widget for `agentId`; returns its site key. */
    async configureWidget(agentId: string, allowedOrigins = [PAGE_ORIGIN]): Promise<string> {
      const response = await call('PUT', '/v1/widget-settings', { agentId, allowedOrigins });
      if (response.status !== 200) throw new Error(`widget settings: ${response.status} ${await response.text()}`);
      return (await json(response)).siteKey;
    },
    /** A console user of the tenant, logged in: its JWT. */
    async consoleToken(email: string, name = 'Ada'): Promise<string> {
      const password = 'correct horse battery';
      const created = await call('POST', '/v1/users', { email, name, password, role: 'agent' });
      if (created.status !== 201) throw new Error(`create user: ${created.status} ${await created.text()}`);
      const login = await fetch(`${baseUrl}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
      return (await json(login)).token;
    },
  };
}
