import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { runMain } from '@app/core';
import type { PendingConfirmation, PipelineResult } from '@app/agents';

const USAGE =
  'usage: SEED_API_KEY=<admin key> npm run chat -- --agent <slug> [--url http://localhost:3000]\n' +
  'Talks to a running Seed (npm start) through POST /v1/agents/:id/preview and prints each reply with its trace.';

interface ChatSession {
  url: string;
  key: string;
  agentId: string;
  history: { role: 'user' | 'assistant'; content: string }[];
  pending: PendingConfirmation | null;
}

/** `npm run chat -- --agent <slug>`: an interactive chat with an agent that shows what each stage decided. */
runMain('chat', async () => {
  const { values } = parseArgs({
    options: { agent: { type: 'string' }, url: { type: 'string' }, key: { type: 'string' } },
    strict: true,
  });
  const key = values.key ?? process.env.SEED_API_KEY;
  if (!values.agent || !key) throw new Error(USAGE);
  const url = (values.url ?? process.env.SEED_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  const agentId = await findAgentId(url, key, values.agent);
  const session: ChatSession = { url, key, agentId, history: [], pending: null };
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  process.stdout.write(`Chatting with "${values.agent}" at ${url}. Empty line or Ctrl-D to quit.\n`);
  for await (const line of terminal) {
    if (!line.trim()) break;
    process.stdout.write(formatTurn(await send(session, line)));
  }
  terminal.close();
});

async function call(url: string, key: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${payload.message ?? ''}`.trim());
  return payload;
}

async function findAgentId(url: string, key: string, slug: string): Promise<string> {
  const { data } = (await call(url, key, '/v1/agents')) as { data: { id: string; slug: string }[] };
  const agent = data.find((candidate) => candidate.slug === slug);
  if (!agent) throw new Error(`no agent with slug "${slug}" (found: ${data.map((a) => a.slug).join(', ') || 'none'})`);
  return agent.id;
}

async function send(session: ChatSession, message: string): Promise<PipelineResult> {
  const result = (await call(session.url, session.key, `/v1/agents/${session.agentId}/preview`, {
    message,
    history: session.history.slice(-10),
    pendingConfirmation: session.pending,
  })) as PipelineResult;
  session.pending = result.confirmation ?? null;
  session.history.push({ role: 'user', content: result.redactedText }, { role: 'assistant', content: result.text });
  return result;
}

function formatTurn(result: PipelineResult): string {
  const lines = [`bot> ${result.text}`];
  for (const citation of result.citations) {
    lines.push(`     [${citation.n}] ${[citation.title, ...citation.headingPath.slice(1)].join(' › ')}`);
  }
  const handoff = result.handoff ? ` handoff=${result.handoff.reason}` : '';
  lines.push(`     route=${result.route} tier=${result.tier}${handoff}`);
  for (const step of result.trace) {
    const scores = step.scores
      ? ' ' +
        Object.entries(step.scores)
          .map(([name, value]) => `${name}=${Number(value.toFixed(3))}`)
          .join(' ')
      : '';
    const reason = step.reason ? ` — ${step.reason}` : '';
    lines.push(`     · ${step.stage.padEnd(10)} ${step.decision}${scores} (${step.ms} ms)${reason}`);
  }
  return lines.join('\n') + '\n';
}
