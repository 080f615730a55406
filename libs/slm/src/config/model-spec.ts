/**
 * A model named in config: `provider:model[@key=value,key=value]`, e.g. `builtin:hash@dim=384`,
 * `transformers:Xenova/bge-small-en-v1.5@dtype=q8,pooling=cls`, `openai:qwen2.5:1.5b@dim=1024`.
 * The provider ends at the first `:` and the options start at the first `@`, so Ollama tags
 * (`qwen2.5:1.5b`) and hub ids (`owner/name`) pass through untouched.
 */
export interface ModelSpec {
  provider: string;
  model: string;
  options: Record<string, string>;
}

export function parseModelSpec(text: string): ModelSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0)
    throw new Error(`expected provider:model, e.g. builtin:hash or transformers:Xenova/bge-small-en-v1.5`);
  const provider = trimmed.slice(0, colon).toLowerCase();
  const rest = trimmed.slice(colon + 1);
  const at = rest.indexOf('@');
  const model = (at === -1 ? rest : rest.slice(0, at)).trim();
  if (!model) throw new Error(`no model after "${provider}:"`);
  const options: Record<string, string> = {};
  if (at !== -1) {
    for (const pair of rest.slice(at + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`option "${pair}" is not key=value`);
      options[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
  }
  return { provider, model, options };
}

/** The canonical text of a spec: options sorted, so equal specs print (and identify vectors) equally. */
export function formatModelSpec(spec: ModelSpec, only?: string[]): string {
  const keys = Object.keys(spec.options)
    .filter((key) => !only || only.includes(key))
    .sort();
  const options = keys.map((key) => `${key}=${spec.options[key]}`).join(',');
  return `${spec.provider}:${spec.model}${options ? `@${options}` : ''}`;
}
