import type { BeirQuery } from '@app/rag';

/**
 * Gold answers of a query, when its dataset has them: the converters keep SQuAD-style spans
 * (`{ text, answer_start }`) or plain strings in `metadata.answers`. Empty when there are none.
 */
export function goldAnswersOf(query: Pick<BeirQuery, 'metadata'>): string[] {
  const answers = query.metadata?.answers;
  if (!Array.isArray(answers)) return [];
  return answers
    .map((answer: unknown) =>
      typeof answer === 'string'
        ? answer
        : typeof answer === 'object' && answer
          ? (answer as { text?: unknown }).text
          : null,
    )
    .filter((text): text is string => typeof text === 'string' && text.trim().length > 0);
}
