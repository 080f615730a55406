/** Field names accepted for FAQ question/answer pairs in CSV headers and JSON objects (case-insensitive). */
export const QUESTION_FIELDS = ['question', 'q', 'questions', 'query'];
export const ANSWER_FIELDS = ['answer', 'a', 'answers', 'response'];
export const CATEGORY_FIELDS = ['category', 'section', 'topic'];

export function normalizeFieldName(name: string): string {
  return name.trim().replace(/^"|"$/g, '').trim().toLowerCase();
}

export function findField(names: string[], accepted: string[]): string | undefined {
  return names.find((name) => accepted.includes(normalizeFieldName(name)));
}

export function isFaqCsvHeader(line: string): boolean {
  const cells = line.split(/[,;\t]/).map(normalizeFieldName);
  return cells.some((cell) => QUESTION_FIELDS.includes(cell)) && cells.some((cell) => ANSWER_FIELDS.includes(cell));
}
