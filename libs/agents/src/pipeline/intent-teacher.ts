import type { ChatMessage, Generator } from '@app/slm';
import { DEFAULT_INTENT_TEACHER_TIMEOUT_MS } from '../agents/agent.types';

/** The label the teacher gives a message none of the intents fits (stored as the model's own OOS label). */
export const TEACHER_OUT_OF_SCOPE = 'out_of_scope';

/** Enough for the longest label (100 characters); a teacher that rambles is cut short and parsed anyway. */
const MAX_TEACHER_TOKENS = 40;

export type TeacherVerdict =
  { decided: true; label: string; outOfScope: boolean; ms: number } | { decided: false; reason: string; ms: number };

/**
 * A short, strict prompt: the intents as a list, the visitor's (redacted) message alone. No history,
 * so the answer depends only on what a training example will hold.
 */
export function intentTeacherPrompt(intents: readonly string[], message: string): ChatMessage[] {
  const options = [...intents, TEACHER_OUT_OF_SCOPE].map((label) => `- ${label}`).join('\n');
  return [
    {
      role: 'system',
      content:
        'You sort customer messages for a support desk. Reply with exactly one label from this list ' +
        `and nothing else:\n${options}\nReply ${TEACHER_OUT_OF_SCOPE} when no other label fits.`,
    },
    { role: 'user', content: message },
  ];
}

/**
 * The label named on the first non-empty line, or null. Only trivial wrapping is forgiven (quotes,
 * backticks, bold, a list dash, a full stop, case); anything else means the teacher decided nothing.
 */
export function parseTeacherLabel(output: string, intents: readonly string[]): string | null {
  const line = output.split(/\r?\n/).find((candidate) => candidate.trim().length > 0) ?? '';
  const bare = line
    .trim()
    .replace(/^[-•]\s+/, '')
    .replace(/^["'`*]+|["'`*.]+$/g, '')
    .trim();
  if (!bare) return null;
  const options = [...intents, TEACHER_OUT_OF_SCOPE];
  if (options.includes(bare)) return bare;
  const caseless = options.filter((label) => label.toLowerCase() === bare.toLowerCase());
  return caseless.length === 1 ? caseless[0] : null;
}

/**
 * Asks the escalation model which intent `message` has, within `timeoutMs` (the agent's
 * `thresholds.intentTeacherTimeoutMs`: the teacher is asked while the visitor waits). Never throws for the
 * teacher's sake (timeout, error, garbage all become "no decision"); only the caller's own abort
 * (the visitor left) goes up, so the pipeline stops as it would anywhere else.
 */
export async function askIntentTeacher(
  teacher: Generator,
  intents: readonly string[],
  message: string,
  signal?: AbortSignal,
  timeoutMs = DEFAULT_INTENT_TEACHER_TIMEOUT_MS,
): Promise<TeacherVerdict> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  const timeout = AbortSignal.timeout(timeoutMs);
  const bounded = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let output = '';
  try {
    const tokens = teacher.generate(intentTeacherPrompt(intents, message), {
      signal: bounded,
      maxNewTokens: MAX_TEACHER_TOKENS,
      temperature: 0,
    });
    for await (const token of tokens) {
      output += token;
      // The first line is the answer: leaving the loop cancels the rest of the generation.
      if (/\S[^\n]*\n/.test(output)) break;
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    const reason = timeout.aborted ? 'timeout' : `error:${(error as Error).message}`;
    return { decided: false, reason, ms: elapsed() };
  }
  const label = parseTeacherLabel(output, intents);
  if (label === null) return { decided: false, reason: 'no_label', ms: elapsed() };
  const outOfScope = label === TEACHER_OUT_OF_SCOPE && !intents.includes(label);
  return { decided: true, label, outOfScope, ms: elapsed() };
}
