import { TransformersSettings } from '../../config/model-settings';
import { EmbeddingBackend } from '../provider.types';
import { planLengthBuckets, rowLengths, takeRows } from './length-buckets';
import { poolRows } from './pooling';
import { importTransformers, Model, loadPretrained, Tensor, Tokenizer, TruncationNotice } from './transformers-runtime';

/**
 * Embeddings from an ONNX encoder: tokenize, run, pool (mean over real tokens, or the first token for
 * CLS-pooled models such as bge) and L2-normalise. The same steps as transformers.js's feature-extraction
 * pipeline, done here so the token window and truncation are ours to control and report.
 */
export class TransformersEmbedder implements EmbeddingBackend {
  private tokenizer?: Tokenizer;
  private model?: Model;
  private window = 512;
  private loadedDimension?: number;
  private readonly truncation: TruncationNotice;

  constructor(
    private readonly settings: TransformersSettings,
    private readonly modelDir: string,
  ) {
    this.truncation = new TruncationNotice(settings.text);
  }

  get dimension(): number | undefined {
    return this.settings.dimension ?? this.loadedDimension;
  }

  async load(): Promise<void> {
    ({
      tokenizer: this.tokenizer,
      model: this.model,
      window: this.window,
    } = await loadPretrained(this.settings, this.modelDir, 'AutoModel'));
    const config = this.model.config as unknown as Record<string, unknown>;
    this.loadedDimension = (config.hidden_size ?? config.d_model ?? config.n_embd ?? config.dim) as number | undefined;
  }

  async dispose(): Promise<void> {
    await this.model?.dispose();
    this.model = undefined;
  }

  /**
   * One tokenizer call for the whole batch, then one model call per group of similar length (see
   * planLengthBuckets): a micro-batch mixes short queries with long chunks, and the encoder would
   * otherwise compute every padding position of every short row.
   */
  async embedBatch(texts: string[]): Promise<number[][]> {
    const { tokenizer } = this.ready();
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: this.window }) as Record<
      string,
      Tensor
    >;
    const mask = inputs.attention_mask;
    this.noticeTruncation(texts, mask);
    const [rows, width] = mask.dims;
    const lengths = rowLengths(mask.data as BigInt64Array, rows, width);
    const vectors: number[][] = new Array(rows);
    for (const bucket of planLengthBuckets(lengths)) {
      const keep = Math.min(width, Math.max(1, ...bucket.map((row) => lengths[row])));
      const pooled = await this.embedRows(inputs, bucket, keep);
      bucket.forEach((row, i) => (vectors[row] = pooled[i]));
    }
    return vectors;
  }

  /** Runs the model on some rows of the tokenized batch, cut to `keep` tokens (the longest of them). */
  private async embedRows(inputs: Record<string, Tensor>, rows: number[], keep: number): Promise<number[][]> {
    const { tokenizer, model } = this.ready();
    const [allRows, width] = inputs.attention_mask.dims;
    let sliced = inputs;
    if (rows.length < allRows || keep < width) {
      const { Tensor } = await importTransformers();
      const side = tokenizer.padding_side === 'left' ? 'left' : 'right';
      sliced = {};
      for (const [name, tensor] of Object.entries(inputs)) {
        const data = takeRows(tensor.data as BigInt64Array, width, rows, keep, side);
        sliced[name] = new Tensor('int64', data, [rows.length, keep]);
      }
    }
    const outputs = await model(sliced);
    const hidden = (outputs.last_hidden_state ?? outputs.token_embeddings) as Tensor;
    return poolRows(hidden, sliced.attention_mask, this.settings.pooling, this.settings.normalize);
  }

  /** A row that fills the whole window may have been cut; only those are re-tokenised to find out. */
  private noticeTruncation(texts: string[], mask: Tensor): void {
    if (this.truncation.alreadyTold) return;
    const [rows, width] = mask.dims;
    if (width < this.window) return;
    const data = mask.data as BigInt64Array;
    for (let row = 0; row < rows; row++) {
      if (data[row * width + width - 1] === 0n) continue;
      const full = this.ready().tokenizer.encode(texts[row]).length;
      if (full > this.window) return this.truncation.tell(full, this.window, 'embedding');
    }
  }

  private ready(): { tokenizer: Tokenizer; model: Model } {
    if (!this.tokenizer || !this.model) throw new Error(`${this.settings.text} is not loaded`);
    return { tokenizer: this.tokenizer, model: this.model };
  }
}
