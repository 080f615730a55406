import { ChatMessage, Passage } from '../slm.types';

const INSTRUCTION =
  'Answer using only the numbered passages below. After each sentence, cite the passage it comes from ' +
  'in brackets, like [1]. If the passages do not contain the answer, say that you do not know.';

/** Numbers passages the way the builtin generator cites them: [1] is the first. */
export function formatPassages(passages: Passage[]): string {
  return passages
    .map((passage, i) => `[${i + 1}] ${passage.title ? `${passage.title}: ` : ''}${passage.text.trim()}`)
    .join('\n\n');
}

/**
 * Model generators read passages from the prompt: they go at the end of the system message (one is
 * added when there is none), so the model's own chat template places them where it expects context.
 */
export function withPassagesPrompt(messages: ChatMessage[], passages: Passage[] | undefined): ChatMessage[] {
  if (!passages || passages.length === 0) return messages;
  const context = `${INSTRUCTION}\n\n${formatPassages(passages)}`;
  const [first, ...rest] = messages;
  if (first.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${context}` }, ...rest];
  return [{ role: 'system', content: context }, ...messages];
}
