const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/**
 * Undoes the cheap disguises abusers use before the model sees the text: leetspeak inside words
 * ("b1tch"), letters spread out with spaces ("f u c k") and stars or repeats inside words. The detector
 * is trained on text passed through the same function.
 */
export function normalizeForToxicity(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/(?<=\p{L})[013457@$!](?=\p{L})|(?<=\p{L}{2})[013457@$](?=\b)|\b[@$](?=\p{L})/gu, (ch) => LEET[ch] ?? ch)
    .replace(/\b(?:\p{L} ){2,}\p{L}\b/gu, (spaced) => spaced.replace(/ /g, ''))
    .replace(/(?<=\p{L})[*#]+(?=\p{L})/gu, '')
    .replace(/(\p{L})\1{2,}/gu, '$1$1');
}
