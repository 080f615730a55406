import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '@app/core';
import { ChatMessage, loadSlmConfig, ModelRegistry, Passage } from '../index';

const USAGE = `Try the configured models (SLM_* variables) or any model spec.

  npm run slm -- embed [--model SPEC] [--full] "text" ["more text" ...]
  npm run slm -- chat [--model SPEC] [--system TEXT] [--passage TEXT ...] [--max-new-tokens N] ["message"]
  npm run slm -- classify --model SPEC [--pair TEXT] "text" ["more text" ...]

SPEC is provider:model[@options], e.g. builtin:hash@dim=384, transformers:Xenova/bge-small-en-v1.5@pooling=cls,
openai:qwen2.5:1.5b. chat without a message reads one message per line from stdin. classify --pair pairs each
text with TEXT, for an NLI model: each text is a premise, TEXT the hypothesis.`;

const OPTIONS = {
  model: { type: 'string' },
  system: { type: 'string' },
  passage: { type: 'string', multiple: true },
  pair: { type: 'string' },
  'max-new-tokens': { type: 'string' },
  full: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function registryFor(command: string, model: string | undefined): ModelRegistry {
  const variable = command === 'embed' ? 'SLM_EMBEDDER' : 'SLM_GENERATOR';
  const env = model && command !== 'classify' ? { ...process.env, [variable]: model } : process.env;
  return new ModelRegistry(loadSlmConfig(env));
}

async function embed(registry: ModelRegistry, texts: string[], full: boolean): Promise<void> {
  const embedder = registry.embedder();
  const started = performance.now();
  const vectors = await embedder.embed(texts);
  const ms = Math.round(performance.now() - started);
  vectors.forEach((vector, i) => {
    const shown = full ? vector : vector.slice(0, 8).map((v) => Number(v.toFixed(4)));
    console.log(JSON.stringify({ text: texts[i], id: embedder.id, dimension: vector.length, vector: shown }));
  });
  console.error(`${texts.length} text(s) in ${ms} ms (including load)`);
}

async function chatOnce(
  registry: ModelRegistry,
  messages: ChatMessage[],
  args: Args,
  passages: Passage[],
): Promise<string> {
  const maxNewTokens = args['max-new-tokens'] ? Number(args['max-new-tokens']) : undefined;
  const started = performance.now();
  let answer = '';
  let tokens = 0;
  for await (const token of registry.generator().generate(messages, { maxNewTokens, passages })) {
    process.stdout.write(token);
    answer += token;
    tokens++;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write('\n');
  console.error(`[${tokens} tokens in ${seconds.toFixed(2)} s, ${(tokens / seconds).toFixed(1)} tokens/s]`);
  return answer;
}

async function chat(registry: ModelRegistry, message: string | undefined, args: Args): Promise<void> {
  const passages = (args.passage ?? []).map((text) => ({ text }));
  const history: ChatMessage[] = args.system ? [{ role: 'system', content: args.system }] : [];
  if (message) {
    await chatOnce(registry, [...history, { role: 'user', content: message }], args, passages);
    return;
  }
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) console.error(`chatting with ${registry.generator().id}; Ctrl-D to end`);
  for await (const line of lines) {
    if (!line.trim()) continue;
    history.push({ role: 'user', content: line });
    history.push({ role: 'assistant', content: await chatOnce(registry, history, args, passages) });
  }
}

async function classify(registry: ModelRegistry, model: string | undefined, texts: string[], pair?: string) {
  if (!model) throw new Error('classify needs --model, e.g. --model transformers:./models/my-intent-model');
  const pairs = pair === undefined ? undefined : texts.map(() => pair);
  const results = await registry.classifier(model, '--model').classify(texts, { pairs });
  results.forEach((scores, i) => console.log(JSON.stringify({ text: texts[i], pair, scores })));
}

async function main(): Promise<void> {
  const { values: args, positionals } = parseArgs({ options: OPTIONS, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (args.help || !command || !['embed', 'chat', 'classify'].includes(command)) {
    console.error(USAGE);
    process.exitCode = args.help ? 0 : 1;
    return;
  }
  const registry = registryFor(command, args.model);
  try {
    if (command === 'embed') await embed(registry, rest.length ? rest : [''], args.full ?? false);
    else if (command === 'chat') await chat(registry, rest.join(' ') || undefined, args);
    else await classify(registry, args.model, rest, args.pair);
  } finally {
    await registry.onApplicationShutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
