import { z } from 'zod';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;

const contentPartSchema = z.object({ type: z.string(), text: z.string().optional() }).passthrough();

const chatMessageSchema = z
  .object({
    role: z.enum(ROLES, { message: `expected one of ${ROLES.join(', ')}` }),
    content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
    name: z.string().optional(),
  })
  .passthrough();

/**
 * An OpenAI chat completion request. `model` is an agent's slug. Parameters that tune a model
 * (temperature, max_tokens, tools, ...) are accepted and ignored: the agent's own settings decide.
 * Seed reads two extra fields: `user` (the contact's externalId) and `seed_conversation_id`.
 */
export const chatCompletionSchema = z
  .object({
    model: z.string().min(1, 'expected an agent slug').max(63, 'expected an agent slug'),
    messages: z.array(chatMessageSchema).min(1, 'expected at least one message'),
    stream: z.boolean({ message: 'expected true or false' }).nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullable().optional(),
    n: z.literal(1, { message: 'only n=1 is supported' }).nullable().optional(),
    user: z.string().trim().min(1, 'expected 1 to 200 characters').max(200, 'expected 1 to 200 characters').optional(),
    seed_conversation_id: z.string().uuid('expected a UUID').optional(),
  })
  .passthrough()
  .superRefine((body, ctx) => {
    body.messages.forEach((message, index) => {
      if (Array.isArray(message.content) && message.content.some((part) => part.type !== 'text')) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', index, 'content'],
          message: 'only text content parts are supported',
        });
      }
    });
    const last = body.messages.at(-1);
    if (last && (last.role !== 'user' || messageText(last).trim() === '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['messages', body.messages.length - 1],
        message: 'the last message must be a user message with text: the agent answers it',
      });
    }
  });
export type ChatCompletionDto = z.infer<typeof chatCompletionSchema>;
export type ChatMessageDto = z.infer<typeof chatMessageSchema>;

/** The text of a message: a string, or its text parts joined. */
export function messageText(message: Pick<ChatMessageDto, 'content'>): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => part.text ?? '').join('\n');
}
