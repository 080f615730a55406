import { TransformersSettings } from '../../config/model-settings';
import { PushStream } from '../../runtime/push-stream';
import { ChatMessage } from '../../slm.types';
import { BackendGenerateOptions, GenerationBackend } from '../provider.types';
import { createAbortCriteria, createTokenStreamer } from './generation-hooks';
import { importTransformers, Model, loadPretrained, Tensor, Tokenizer, TruncationNotice } from './transformers-runtime';

/** Chat generation with an ONNX causal LM: the model's own chat template, a KV cache, token-by-token output. */
export class TransformersGenerator implements GenerationBackend {
  readonly readsPassages = false;
  private tokenizer?: Tokenizer;
  private model?: Model;
  private window = 2048;
  private readonly truncation: TruncationNotice;

  constructor(
    private readonly settings: TransformersSettings,
    private readonly modelDir: string,
  ) {
    this.truncation = new TruncationNotice(settings.text);
  }

  async load(): Promise<void> {
    ({
      tokenizer: this.tokenizer,
      model: this.model,
      window: this.window,
    } = await loadPretrained(this.settings, this.modelDir, 'AutoModelForCausalLM'));
  }

  async dispose(): Promise<void> {
    await this.model?.dispose();
    this.model = undefined;
  }

  async *stream(messages: ChatMessage[], options: BackendGenerateOptions): AsyncGenerator<string> {
    if (!this.tokenizer || !this.model) throw new Error(`${this.settings.text} is not loaded`);
    const transformers = await importTransformers();
    const maxNewTokens = Math.min(options.maxNewTokens, Math.max(1, Math.floor(this.window / 2)));
    const inputs = this.encodePrompt(messages, this.window - maxNewTokens);
    // Our own stop, so leaving the loop early stops the model even if the caller's signal never fires.
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    const tokens = new PushStream<string>();
    const sampling = options.temperature
      ? { do_sample: true, temperature: options.temperature, top_p: options.topP ?? 1 }
      : { do_sample: false };
    const generation = this.model
      .generate({
        ...inputs,
        ...sampling,
        max_new_tokens: maxNewTokens,
        streamer: createTokenStreamer(transformers, this.tokenizer, (text) => tokens.push(text)),
        stopping_criteria: [createAbortCriteria(transformers, stop.signal)],
      } as unknown as Parameters<Model['generate']>[0])
      .then(
        () => tokens.end(),
        (error: unknown) => tokens.fail(error),
      );
    try {
      yield* tokens;
    } finally {
      options.signal.removeEventListener('abort', onAbort);
      stop.abort();
      // The slot is freed only once the model has really stopped (at most one more step).
      await generation;
    }
  }

  /** Renders the chat template and keeps the newest `budget` tokens when the conversation is too long. */
  private encodePrompt(messages: ChatMessage[], budget: number): { input_ids: Tensor; attention_mask: Tensor } {
    const tokenizer = this.tokenizer!;
    const prompt = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as string;
    const { input_ids, attention_mask } = tokenizer(prompt, { add_special_tokens: false }) as {
      input_ids: Tensor;
      attention_mask: Tensor;
    };
    const length = input_ids.dims[1];
    if (length <= budget) return { input_ids, attention_mask };
    this.truncation.tell(length, budget, 'oldest prompt tokens dropped to leave room for the answer');
    const keep = [length - budget, length];
    return { input_ids: input_ids.slice(null, keep), attention_mask: attention_mask.slice(null, keep) };
  }
}
