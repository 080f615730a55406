import { GuardReason } from './guard.types';

export const DEFAULT_MAX_MESSAGE_CHARS = 4000;

// C0 controls except tab, line feed and carriage return; DEL; C1 controls. Real chat text never has them,
// binary pasted or sent as text almost always does.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Rejects input no detector should be asked to judge. Returns the reason, or null when the text is fine.
 * The length check comes before the character scans so a huge payload costs O(1) to refuse.
 */
export function validateMessageInput(input: unknown, maxChars = DEFAULT_MAX_MESSAGE_CHARS): GuardReason | null {
  if (typeof input !== 'string') return { code: 'not_text', detail: `expected a string, got ${typeof input}` };
  if (input.length > maxChars) return { code: 'too_long', detail: `${input.length} characters, limit ${maxChars}` };
  if (input.trim().length === 0) return { code: 'empty', detail: 'no visible characters' };
  if (CONTROL_CHARACTERS.test(input)) return { code: 'binary', detail: 'control characters' };
  if (LONE_SURROGATE.test(input)) return { code: 'invalid_unicode', detail: 'unpaired UTF-16 surrogate' };
  return null;
}
