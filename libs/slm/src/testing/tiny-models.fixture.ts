import { OnnxGraphBuilder, randomMatrix, seededRandom } from './onnx-graph-builder';
import {
  bytesToUnicode,
  decoderTokenizerConfig,
  decoderTokenizerJson,
  encoderTokenizerConfig,
  encoderTokenizerJson,
  wordPieceVocab,
} from './tiny-tokenizers.fixture';

/** A model folder's files, keyed by path relative to the folder. */
export type ModelFiles = Record<string, Uint8Array | object>;

export const TINY_ENCODER = { hidden: 32, maxPositions: 64 };

/** Encoder shape: the tests' model is tiny; the benchmark's has MiniLM's width and ~19 MB of weights. */
export interface EncoderShape {
  hidden: number;
  maxPositions: number;
  /** Extra per-token feed-forward blocks (hidden → 4·hidden → hidden), like a transformer layer's MLP. */
  blocks: number;
}

const TEST_ENCODER: EncoderShape = { ...TINY_ENCODER, blocks: 0 };
export const BENCH_ENCODER: EncoderShape = { hidden: 384, maxPositions: 128, blocks: 4 };
export const TINY_DECODER = { vocab: 259, kvHeads: 2, headDim: 4, maxPositions: 256, eos: 258, pad: 256 };
export const TINY_CLASSIFIER_LABELS = ['billing', 'shipping', 'other'];
export const TINY_NLI_LABELS = ['entailment', 'neutral', 'contradiction'];
/** The tiny NLI model's one rule: a hypothesis with this word in it is contradicted; any other is entailed. */
export const TINY_NLI_CONTRADICTED_WORD = 'moon';

/**
 * Adds the BERT-like body: word + position + token-type embeddings, a dense layer, then one round of
 * masked mean "attention" so every token sees its context. Padding never leaks into real tokens, which is
 * what lets tests assert that a batched embedding equals the same text embedded alone.
 */
function addEncoderBody(
  g: OnnxGraphBuilder,
  vocabSize: number,
  shape = TEST_ENCODER,
): { hidden: string; mask: string } {
  const { hidden: h, maxPositions } = shape;
  const rnd = seededRandom(7);
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attention = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const types = g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
  const words = g.node('Gather', [g.floats('word_embeddings', randomMatrix(rnd, vocabSize, h), [vocabSize, h]), ids]);
  const seqLen = g.node('Gather', [g.node('Shape', [ids]), g.int64s('one_scalar', [1], [])]);
  const positions = g.node('Range', [g.int64s('zero_scalar', [0], []), seqLen, 'one_scalar']);
  const pos = g.node('Gather', [
    g.floats('position_embeddings', randomMatrix(rnd, maxPositions, h), [maxPositions, h]),
    positions,
  ]);
  const typeEmb = g.node('Gather', [g.floats('token_type_embeddings', randomMatrix(rnd, 2, h), [2, h]), types]);
  const summed = g.node('Add', [g.node('Add', [words, pos]), typeEmb]);
  const dense = g.node('Tanh', [g.node('MatMul', [summed, g.floats('dense', randomMatrix(rnd, h, h, 0.5), [h, h])])]);
  const mask = g.node('Unsqueeze', [g.node('Cast', [attention], { to: 1 }), g.int64s('last_axis', [-1])]);
  const context = maskedMean(g, dense, mask, 1);
  const mixed = g.node('Add', [
    dense,
    g.node('MatMul', [context, g.floats('mix', randomMatrix(rnd, h, h, 0.5), [h, h])]),
  ]);
  let hidden = g.node('Tanh', [mixed]);
  for (let block = 0; block < shape.blocks; block++) hidden = addFeedForward(g, hidden, h, rnd, block);
  return { hidden, mask };
}

/** A residual MLP block: enough weights per call that, as with real models, batching amortises reading them. */
function addFeedForward(g: OnnxGraphBuilder, input: string, h: number, rnd: () => number, block: number): string {
  const up = g.floats(`ffn_up_${block}`, randomMatrix(rnd, h, 4 * h, 1 / Math.sqrt(h)), [h, 4 * h]);
  const down = g.floats(`ffn_down_${block}`, randomMatrix(rnd, 4 * h, h, 1 / Math.sqrt(4 * h)), [4 * h, h]);
  const inner = g.node('Tanh', [g.node('MatMul', [input, up])]);
  return g.node('Tanh', [g.node('Add', [input, g.node('MatMul', [inner, down])])]);
}

function maskedMean(g: OnnxGraphBuilder, values: string, mask: string, keepdims: number): string {
  const axes = g.int64s(`seq_axis_${keepdims}`, [1]);
  const sum = g.node('ReduceSum', [g.node('Mul', [values, mask]), axes], { keepdims });
  const count = g.node('ReduceSum', [mask, axes], { keepdims });
  return g.node('Div', [sum, count]);
}

function encoderFiles(model: Uint8Array, config: object, shape = TEST_ENCODER): ModelFiles {
  const vocab = wordPieceVocab();
  return {
    'config.json': config,
    'tokenizer.json': encoderTokenizerJson(vocab),
    'tokenizer_config.json': encoderTokenizerConfig(shape.maxPositions),
    'onnx/model.onnx': model,
  };
}

function encoderConfig(vocabSize: number, extra: object = {}, shape = TEST_ENCODER): object {
  const { hidden, maxPositions } = shape;
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    vocab_size: vocabSize,
    hidden_size: hidden,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    intermediate_size: hidden,
    max_position_embeddings: maxPositions,
    type_vocab_size: 2,
    pad_token_id: 0,
    ...extra,
  };
}

/** A BERT-like feature extractor: `last_hidden_state` of shape [batch, sequence, hidden] (32 by default). */
export function tinyEncoderFiles(shape = TEST_ENCODER): ModelFiles {
  const vocabSize = Object.keys(wordPieceVocab()).length;
  const g = new OnnxGraphBuilder();
  const { hidden } = addEncoderBody(g, vocabSize, shape);
  g.node('Identity', [hidden], {}, 'last_hidden_state');
  g.output('last_hidden_state', 'float', ['batch_size', 'sequence_length', shape.hidden]);
  return encoderFiles(g.toBytes('tiny-bert'), encoderConfig(vocabSize, {}, shape), shape);
}

/** The same body with a sequence-classification head: `logits` of shape [batch, labels]. */
export function tinyClassifierFiles(): ModelFiles {
  const vocabSize = Object.keys(wordPieceVocab()).length;
  const labels = TINY_CLASSIFIER_LABELS.length;
  const g = new OnnxGraphBuilder();
  const { hidden, mask } = addEncoderBody(g, vocabSize);
  const pooled = maskedMean(g, hidden, mask, 0);
  const head = g.floats('classifier', randomMatrix(seededRandom(11), TINY_ENCODER.hidden, labels, 2), [
    TINY_ENCODER.hidden,
    labels,
  ]);
  g.node('MatMul', [pooled, head], {}, 'logits');
  g.output('logits', 'float', ['batch_size', labels]);
  const id2label = Object.fromEntries(TINY_CLASSIFIER_LABELS.map((label, i) => [String(i), label]));
  const label2id = Object.fromEntries(TINY_CLASSIFIER_LABELS.map((label, i) => [label, i]));
  const config = encoderConfig(vocabSize, { architectures: ['BertForSequenceClassification'], id2label, label2id });
  return encoderFiles(g.toBytes('tiny-bert-classifier'), config);
}

/**
 * An NLI cross-encoder with hand-set weights, so tests can rely on its verdicts under real inference.
 * It reads `[CLS] premise [SEP] hypothesis [SEP]` with segment ids like a BERT MNLI model, and sums a
 * per-token push on the three logits over the hypothesis only (segment 1, padding excluded): every token
 * pushes nothing, except TINY_NLI_CONTRADICTED_WORD, which pushes contradiction hard; a bias favours
 * entailment. So the hypothesis decides, whatever the premise says: without the word, entailment
 * ≈ 0.98; with it, contradiction ≈ 0.9999. A pair fed as one text (all segment 0) is always entailed,
 * and a hypothesis cut off by truncation loses the word: tests see both mistakes.
 */
export function tinyNliFiles(): ModelFiles {
  const word = TINY_NLI_CONTRADICTED_WORD;
  const vocab = wordPieceVocab([word]);
  const vocabSize = Object.keys(vocab).length;
  const labels = TINY_NLI_LABELS.length;
  const g = new OnnxGraphBuilder();
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attention = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const types = g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
  const push = new Float32Array(vocabSize * labels);
  push.set([-12, 0, 12], vocab[word] * labels);
  const pushes = g.node('Gather', [g.floats('label_push', push, [vocabSize, labels]), ids]);
  const hypothesis = g.node('Mul', [g.node('Cast', [types], { to: 1 }), g.node('Cast', [attention], { to: 1 })]);
  const weight = g.node('Unsqueeze', [hypothesis, g.int64s('last_axis', [-1])]);
  const summed = g.node('ReduceSum', [g.node('Mul', [pushes, weight]), g.int64s('seq_axis', [1])], { keepdims: 0 });
  g.node('Add', [summed, g.floats('label_bias', Float32Array.of(4, 0, -4), [labels])], {}, 'logits');
  g.output('logits', 'float', ['batch_size', labels]);
  const id2label = Object.fromEntries(TINY_NLI_LABELS.map((label, i) => [String(i), label]));
  const label2id = Object.fromEntries(TINY_NLI_LABELS.map((label, i) => [label, i]));
  const config = encoderConfig(vocabSize, { architectures: ['BertForSequenceClassification'], id2label, label2id });
  return {
    'config.json': config,
    'tokenizer.json': encoderTokenizerJson(vocab),
    'tokenizer_config.json': encoderTokenizerConfig(TEST_ENCODER.maxPositions),
    'onnx/model.onnx': g.toBytes('tiny-bert-nli'),
  };
}

/**
 * The decoder's "language model" is a fixed bigram table: after a letter comes the next letter of the
 * alphabet, after `z` a space, after anything else `a`. The special tokens (end of text included) are
 * never chosen, so generation always runs to `max_new_tokens` unless it is aborted.
 */
function bigramTable(): Float32Array {
  const { vocab } = TINY_DECODER;
  const byteOf = new Map(bytesToUnicode().map((char, byte) => [byte, char]));
  const table = new Float32Array(vocab * vocab);
  const a = 'a'.charCodeAt(0);
  const z = 'z'.charCodeAt(0);
  for (let token = 0; token < vocab; token++) {
    const next = token >= a && token < z ? token + 1 : token === z ? 0x20 : a;
    table[token * vocab + next] = 10;
    for (let special = 256; special < vocab; special++) table[token * vocab + special] = -10;
  }
  if (byteOf.size !== 256) throw new Error('byte map must cover all 256 bytes');
  return table;
}

/** A Llama-like causal LM with a real key/value cache (one layer), so transformers.js runs its cached path. */
export function tinyDecoderFiles(): ModelFiles {
  const { vocab, kvHeads, headDim, maxPositions, eos, pad } = TINY_DECODER;
  const g = new OnnxGraphBuilder();
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const oneHot = g.node('OneHot', [
    ids,
    g.int64s('depth', [vocab], []),
    g.floats('on_off', Float32Array.of(0, 1), [2]),
  ]);
  g.node('MatMul', [oneHot, g.floats('bigram', bigramTable(), [vocab, vocab])], {}, 'logits');
  g.output('logits', 'float', ['batch_size', 'sequence_length', vocab]);
  const embedded = g.node('Gather', [
    g.floats('kv_embeddings', randomMatrix(seededRandom(3), vocab, kvHeads * headDim), [vocab, kvHeads * headDim]),
    ids,
  ]);
  const heads = g.node('Reshape', [embedded, g.int64s('kv_shape', [0, 0, kvHeads, headDim])]);
  const kv = g.node('Transpose', [heads], { perm: [0, 2, 1, 3] });
  for (const part of ['key', 'value']) {
    const past = g.input(`past_key_values.0.${part}`, 'float', [
      'batch_size',
      kvHeads,
      'past_sequence_length',
      headDim,
    ]);
    g.node('Concat', [past, kv], { axis: 2 }, `present.0.${part}`);
    g.output(`present.0.${part}`, 'float', ['batch_size', kvHeads, 'total_sequence_length', headDim]);
  }
  const config = {
    model_type: 'llama',
    architectures: ['LlamaForCausalLM'],
    vocab_size: vocab,
    hidden_size: kvHeads * headDim,
    num_hidden_layers: 1,
    num_attention_heads: kvHeads,
    num_key_value_heads: kvHeads,
    head_dim: headDim,
    max_position_embeddings: maxPositions,
    eos_token_id: eos,
    pad_token_id: pad,
  };
  return {
    'config.json': config,
    'generation_config.json': { eos_token_id: eos, pad_token_id: pad },
    'tokenizer.json': decoderTokenizerJson(),
    'tokenizer_config.json': decoderTokenizerConfig(maxPositions),
    'onnx/model.onnx': g.toBytes('tiny-llama'),
  };
}
