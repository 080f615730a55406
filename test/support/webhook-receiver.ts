import { createServer, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, as a receiver must verify it. */
  body: string;
  /** 1 for the first request carrying this Seed-Delivery-Id, 2 for its first retry... */
  attempt: number;
  /** The status this receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Requests of one event type, in arrival order. */
  ofType(type: string): ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on a random local port standing in for a tenant's endpoint. `respond` picks the
 * status of each request from its attempt number (say, 500 twice then 200).
 */
export async function startWebhookReceiver(
  respond: (request: Omit<ReceivedWebhook, 'status'>) => number = () => 200,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const deliveryId = String(request.headers['seed-delivery-id']);
      const attempt = (attempts.get(deliveryId) ?? 0) + 1;
      attempts.set(deliveryId, attempt);
      const seen = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), attempt };
      const status = respond(seen);
      received.push({ ...seen, status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver says no');
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    ofType: (type) => received.filter((request) => request.headers['seed-event-type'] === type),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
