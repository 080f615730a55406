import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Help-centre pages for pipeline tests: each answers a few questions in plain words. */
export const HELP_CENTRE = [
  {
    title: 'Refunds',
    text:
      '# Refunds\n\nRefunds reach your card within five business days after we receive the returned parcel.\n\n' +
      '## Damaged items\n\nDamaged items are replaced free of charge when you send a photo within two weeks.\n',
  },
  {
    title: 'Shipping',
    text:
      '# Shipping\n\nStandard parcels arrive within three working days.\n\n' +
      '## Express\n\nExpress parcels ordered before noon arrive the next morning.\n',
  },
];

const PHRASES: Record<string, string[]> = {
  refund_question: [
    'how long do refunds take',
    'when will i get my money back',
    'refund for my return',
    'is my refund processed',
  ],
  shipping_question: [
    'how long does shipping take',
    'when will my parcel arrive',
    'do you offer express delivery',
    'shipping times',
  ],
  complaint: [
    'i want to make a complaint',
    'your staff was rude',
    'this service is terrible i want to complain',
    'file a formal complaint',
  ],
  order_status: ['where is my order', 'track my order', 'what is the status of my order', 'has my order shipped yet'],
};
const PREFIXES = ['', 'hi ', 'hello, ', 'please ', 'quick question: ', 'can you tell me '];
const SUFFIXES = ['', '?', ' please', ' thanks', ' order A12345', ' today'];

/** A small, deterministic intent set: every phrase with several prefixes and suffixes. */
export function supportIntentExamples(): { text: string; label: string }[] {
  return Object.entries(PHRASES).flatMap(([label, phrases]) =>
    phrases.flatMap((phrase, p) =>
      PREFIXES.map((prefix, i) => ({ text: `${prefix}${phrase}${SUFFIXES[(i + p) % SUFFIXES.length]}`, label })),
    ),
  );
}

export const SUPPORT_OOS_EXAMPLES = [
  'what is the weather tomorrow',
  'tell me a joke',
  'who won the football match',
  'how do i bake bread',
  'play some music',
  'translate hello into german',
].map((text) => ({ text }));

export type ToolRoute = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface ToolServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A real local HTTP server standing in for a tenant's back office. */
export async function startToolServer(routes: Record<string, ToolRoute>): Promise<ToolServer> {
  const requests: ToolServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const route = Object.entries(routes).find(([prefix]) => request.url?.startsWith(prefix));
      if (route) return route[1](request, response, body);
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

/** A URL where nothing listens: a server is started to reserve a port, then closed. */
export async function downServerUrl(): Promise<string> {
  const server = await startToolServer({});
  await server.close();
  return server.url;
}

export const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
