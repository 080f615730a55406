/**
 * Cleaning applied to every block of extracted text before offsets are computed, so offsets always
 * index into cleaned text. It removes what breaks matching and display (invisible characters,
 * ligatures from PDFs, odd spaces) and never rewrites words.
 */
const LIGATURES: Record<string, string> = { ﬀ: 'ff', ﬁ: 'fi', ﬂ: 'fl', ﬃ: 'ffi', ﬄ: 'ffl', ﬅ: 'st', ﬆ: 'st' };
const LIGATURE_PATTERN = /[\uFB00-\uFB06]/g;
// Soft hyphen, zero-width characters, word joiner and BOM: invisible, but they split words for search.
const INVISIBLE_PATTERN = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// C0/C1 controls except tab and newline; they come from broken encodings and confuse tokenizers.
const CONTROL_PATTERN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const UNICODE_SPACE_PATTERN = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

export interface CleanOptions {
  /** Keep runs of spaces and leading indentation (code blocks, preformatted text). */
  preserveSpacing?: boolean;
}

export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
}

export function cleanText(raw: string, options: CleanOptions = {}): string {
  let text = normalizeNewlines(raw)
    .normalize('NFC')
    .replace(LIGATURE_PATTERN, (ligature) => LIGATURES[ligature] ?? ligature)
    .replace(INVISIBLE_PATTERN, '')
    .replace(CONTROL_PATTERN, '');
  if (options.preserveSpacing) {
    text = text.replace(/[\u00A0\u202F]/g, ' ').replace(/[ \t]+$/gm, '');
  } else {
    text = text
      .replace(UNICODE_SPACE_PATTERN, ' ')
      .replace(/ {2,}/g, ' ')
      .replace(/^ +| +$/gm, '');
  }
  return text.replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
}

/** Collapses all whitespace, newlines included: for headings, titles and table cells. */
export function cleanInline(raw: string): string {
  return cleanText(raw).replace(/\s+/g, ' ').trim();
}
