import { TransformersSettings } from '../../config/model-settings';
import { ClassScore } from '../../slm.types';
import { ClassificationBackend } from '../provider.types';
import { Model, loadPretrained, Tensor, Tokenizer, TruncationNotice } from './transformers-runtime';

/** Text classification with an ONNX sequence-classification model; labels come from config.json `id2label`. */
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

  async classifyBatch(texts: string[]): Promise<ClassScore[][]> {
    if (!this.tokenizer || !this.model) throw new Error(`${this.settings.text} is not loaded`);
    const inputs = this.tokenizer(texts, { padding: true, truncation: true, max_length: this.window });
    const width = (inputs.input_ids as Tensor).dims[1];
    if (width >= this.window && !this.truncation.alreadyTold) {
      const longest = Math.max(...texts.map((t) => this.tokenizer!.encode(t).length));
      if (longest > this.window) this.truncation.tell(longest, this.window, 'classification');
    }
    const logits = (await this.model(inputs)).logits as Tensor;
    return (logits.tolist() as number[][]).map((row) => this.rank(softmax(row)));
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
