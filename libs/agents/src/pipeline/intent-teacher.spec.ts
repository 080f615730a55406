import type { ChatMessage, GenerateOptions, Generator } from '@app/slm';
import { askIntentTeacher, intentTeacherPrompt, parseTeacherLabel, TEACHER_OUT_OF_SCOPE } from './intent-teacher';

const INTENTS = ['refund_question', 'order_status', 'Complaint'];

describe('parseTeacherLabel', () => {
  it.each([
    ['refund_question', 'refund_question'],
    ['  order_status  \nbecause the visitor asks where it is', 'order_status'],
    ['\n\nrefund_question', 'refund_question'],
    ['"refund_question"', 'refund_question'],
    ['`order_status`.', 'order_status'],
    ['**order_status**', 'order_status'],
    ['- refund_question', 'refund_question'],
    ['REFUND_QUESTION', 'refund_question'],
    ['complaint', 'Complaint'],
    ['out_of_scope', TEACHER_OUT_OF_SCOPE],
  ])('reads %j as %j', (output, label) => {
    expect(parseTeacherLabel(output, INTENTS)).toBe(label);
  });

  it.each([
    [''],
    ['   \n  '],
    ['refund'],
    ['The label is refund_question'],
    ['refund_question, order_status'],
    ['shipping_question'],
    ['I cannot help with that.'],
  ])('decides nothing for %j', (output) => {
    expect(parseTeacherLabel(output, INTENTS)).toBeNull();
  });

  it('decides nothing when the case of the answer fits two labels', () => {
    expect(parseTeacherLabel('refund', ['Refund', 'REFUND'])).toBeNull();
    expect(parseTeacherLabel('REFUND', ['Refund', 'REFUND'])).toBe('REFUND');
  });
});

describe('intentTeacherPrompt', () => {
  it('lists every intent plus out_of_scope and sends the message alone', () => {
    const [system, user] = intentTeacherPrompt(INTENTS, 'where is my parcel [EMAIL_1]');
    expect(system.role).toBe('system');
    for (const label of [...INTENTS, TEACHER_OUT_OF_SCOPE]) expect(system.content).toContain(`\n- ${label}`);
    expect(user).toEqual({ role: 'user', content: 'where is my parcel [EMAIL_1]' });
  });
});

/** A generator that writes a fixed answer token by token, or never answers until aborted. */
class ScriptedTeacher implements Generator {
  readonly id = 'scripted-teacher';
  received: ChatMessage[][] = [];
  stoppedEarly = false;

  constructor(private readonly tokens: string[] | 'silent' | Error) {}

  async *generate(messages: ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    this.received.push(messages);
    if (this.tokens instanceof Error) throw this.tokens;
    if (this.tokens === 'silent') {
      await new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(options.signal?.reason)));
      return;
    }
    let i = 0;
    try {
      for (; i < this.tokens.length; i++) yield this.tokens[i];
    } finally {
      this.stoppedEarly = i < this.tokens.length - 1;
    }
  }
}

describe('askIntentTeacher', () => {
  it('decides on the first line and stops the generation there', async () => {
    const teacher = new ScriptedTeacher(['order', '_status', '\n', 'The', ' visitor', ' asks']);
    const verdict = await askIntentTeacher(teacher, INTENTS, 'where is it');
    expect(verdict).toMatchObject({ decided: true, label: 'order_status', outOfScope: false });
    expect(teacher.stoppedEarly).toBe(true);
    expect(teacher.received[0].at(-1)).toEqual({ role: 'user', content: 'where is it' });
  });

  it('marks out_of_scope as out of scope', async () => {
    const verdict = await askIntentTeacher(new ScriptedTeacher(['out_of_scope']), INTENTS, 'tell me a joke');
    expect(verdict).toMatchObject({ decided: true, label: TEACHER_OUT_OF_SCOPE, outOfScope: true });
  });

  it('turns garbage, an error and silence past the time box into no decision', async () => {
    expect(await askIntentTeacher(new ScriptedTeacher(['no idea']), INTENTS, 'x')).toMatchObject({
      decided: false,
      reason: 'no_label',
    });
    expect(await askIntentTeacher(new ScriptedTeacher(new Error('502 from server')), INTENTS, 'x')).toMatchObject({
      decided: false,
      reason: 'error:502 from server',
    });
    expect(await askIntentTeacher(new ScriptedTeacher('silent'), INTENTS, 'x', undefined, 20)).toMatchObject({
      decided: false,
      reason: 'timeout',
    });
  });

  it("lets the caller's own abort through: the visitor left, the pipeline stops", async () => {
    const controller = new AbortController();
    const asked = askIntentTeacher(new ScriptedTeacher('silent'), INTENTS, 'x', controller.signal, 10_000);
    controller.abort(new Error('visitor left'));
    await expect(asked).rejects.toThrow('visitor left');
  });
});
