import { TransformersSettings } from '../../config/model-settings';
import { ClassScore } from '../../slm.types';
import { ClassificationBackend } from '../provider.types';
import { Model, loadPretrained, Tensor, Tokenizer, TruncationNotice } from './transformers-runtime';

/**
 * Text (or text-pair) classification with an ONNX sequence-classification model; labels come from
 * config.json `id2label`. Pairs go through the tokenizer's pair template (`[CLS] a [SEP] b [SEP]` with
 * segment ids for BERT), as cross-encoders and NLI models were trained.
 */
export class TransformersClassifier implements ClassificationBackend {
  private tokenizer?: Tokenizer;
  private model?: Model;
  private window = 512;
  labels: string[] = [];
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
    } = await loadPretrained(this.settings, this.modelDir, 'AutoModelForSequenceClassification'));
    const id2label = ((this.model.config as unknown as Record<string, unknown>).id2label ?? {}) as Record<
      string,
      string
    >;
    this.labels = Object.keys(id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((id) => id2label[id]);
  }

  async dispose(): Promise<void> {
    await this.model?.dispose();
    this.model = undefined;
  }

  async classifyBatch(texts: string[], pairs?: string[]): Promise<ClassScore[][]> {
    if (!this.tokenizer || !this.model) throw new Error(`${this.settings.text} is not loaded`);
    const firsts = pairs ? texts.map((text, i) => this.fitFirst(text, pairs[i])) : texts;
    const inputs = this.tokenizer(firsts, {
      text_pair: pairs ?? null,
      padding: true,
      truncation: true,
      max_length: this.window,
    });
    const width = (inputs.input_ids as Tensor).dims[1];
    if (!pairs && width >= this.window && !this.truncation.alreadyTold) {
      const longest = Math.max(...texts.map((t) => this.tokenizer!.encode(t).length));
      if (longest > this.window) this.truncation.tell(longest, this.window, 'classification');
    }
    const logits = (await this.model(inputs)).logits as Tensor;
    return (logits.tolist() as number[][]).map((row) => this.rank(softmax(row)));
  }

  /**
   * The first text of a pair, cut so the pair fits the window. The tokenizer would cut the end of the
   * pair, i.e. the second text (an NLI hypothesis), which must stay whole; a long premise loses its tail.
   */
  private fitFirst(first: string, second: string): string {
    const tokenizer = this.tokenizer!;
    let text = first;
    // Decoding and re-encoding a cut can shift a token or two, so the cut is checked and retried.
    for (let attempt = 0; attempt < 3; attempt++) {
      const length = tokenizer.encode(text, { text_pair: second }).length;
      if (length <= this.window) return text;
      if (attempt === 0) this.truncation.tell(length, this.window, 'classification of a pair: its first text was cut');
      const ids = tokenizer.encode(text, { add_special_tokens: false });
      const keep = ids.length - (length - this.window) - 2 * attempt;
      // The second text alone fills the window: nothing of the first fits.
      if (keep <= 0) return '';
      text = tokenizer.decode(ids.slice(0, keep), { skip_special_tokens: true });
    }
    return text;
  }

  private rank(probabilities: number[]): ClassScore[] {
    return probabilities
      .map((score, i) => ({ label: this.labels[i] ?? `LABEL_${i}`, score }))
      .sort((a, b) => b.score - a.score);
  }
}

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((x) => x / sum);
}
