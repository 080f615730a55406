/** Lower-case and strip accents: "Crème Brûlée" and "creme brulee" fold to the same string. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export interface WordToken {
  readonly folded: string;
  readonly start: number;
  readonly end: number;
}

export function foldedWords(text: string): WordToken[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    folded: foldText(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps), giving up as soon as it must
 * exceed `limit`; typo tolerance only ever needs "is it within 1 or 2".
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, prevPrev[j - 2] + 1);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}
