/**
 * Tokenizer files for the tiny fixture models, in the same formats real hub models ship
 * (`tokenizer.json` for tokenizers.js, `tokenizer_config.json` with the chat template).
 */

const WORDS = (
  'the a an and or to of in on for with is are was be it you your we our can how what when where why do does not ' +
  'order orders refund refunds return returns shipping delivery password reset account login email invoice payment ' +
  'card price plan cancel subscription help support hours open close store days week business address phone ' +
  // Everyday words, whole, as in a real 30k-piece vocabulary; without them every word splits into letters
  // and texts come out four times longer in tokens than with a real tokenizer.
  'long will why did explain want know whether possible that this my me i take arrive processed fail after paid ' +
  'work accounts change if move another get cancelled automatically ordered still have heard back from anyone ' +
  'warranty canada th st nd rd it is was at by as up out no yes new time day month year money back'
).split(' ');

const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789.,!?;:\'"()-/@#$%&*+='.split('');

export const ENCODER_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/**
 * A BERT-style WordPiece vocabulary: whole words plus single characters, so any text tokenizes. `extra`
 * words go at the end, so a fixture that needs its own words leaves every other fixture's ids alone.
 */
export function wordPieceVocab(extra: string[] = []): Record<string, number> {
  const tokens = [...new Set([...ENCODER_SPECIALS, ...WORDS, ...CHARS, ...CHARS.map((c) => `##${c}`), ...extra])];
  return Object.fromEntries(tokens.map((token, id) => [token, id]));
}

function addedToken(content: string, id: number) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

export function encoderTokenizerJson(vocab: Record<string, number>): object {
  const cls = { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] };
  const sep = { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ENCODER_SPECIALS.map((t) => addedToken(t, vocab[t])),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': cls, '[SEP]': sep },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

export function encoderTokenizerConfig(maxLength: number): object {
  return {
    tokenizer_class: 'BertTokenizer',
    model_max_length: maxLength,
    do_lower_case: true,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
}

/** GPT-2's reversible byte-to-printable-character map, which byte-level BPE vocabularies are written in. */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const chars: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    chars[b] = printable.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  }
  return chars;
}

export const DECODER_SPECIALS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];

/** The ChatML template Qwen2.5 and SmolLM2 use, so the fixture exercises the same prompt path as they do. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** Byte-level BPE with no merges: one token per byte (ids 0-255) plus the ChatML specials (256-258). */
export function decoderTokenizerJson(): object {
  const vocab = Object.fromEntries(bytesToUnicode().map((char, id) => [char, id]));
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: DECODER_SPECIALS.map((t, i) => addedToken(t, 256 + i)),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: { ...byteLevel, trim_offsets: false },
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: [],
    },
  };
}

export function decoderTokenizerConfig(maxLength: number): object {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: maxLength,
    bos_token: null,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    unk_token: null,
    add_bos_token: false,
    chat_template: CHATML_TEMPLATE,
  };
}
