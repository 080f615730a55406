import type { BusinessHours } from '../agents/agent.types';

const SMALL_TALK =
  /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|thanks?( you)?( so much| a lot)?|thank you( so much| very much)?|cheers|bye|goodbye|see you)[\s!.,:)]*$/i;
const THANKS = /^(thanks?|thank you|cheers)/i;
const FAREWELL = /^(bye|goodbye|see you)/i;
const YES = /^(yes|yep|yeah|sure|ok|okay|confirm(ed)?|go ahead|please do|do it)\b/i;
const NO = /^(no|nope|cancel|stop|don'?t|do not)\b/i;

/** Greetings, thanks and goodbyes get a friendly line, not a knowledge search. */
export function isSmallTalk(text: string): boolean {
  return SMALL_TALK.test(text.trim());
}

export function smallTalkReply(text: string, agentName: string): string {
  const trimmed = text.trim();
  if (THANKS.test(trimmed)) return "You're welcome! Is there anything else I can help you with?";
  if (FAREWELL.test(trimmed)) return 'Goodbye, and thanks for getting in touch!';
  return `Hello! I'm ${agentName}. How can I help you today?`;
}

/** The visitor's answer to a confirmation question: yes, no, or something else (a new question). */
export function readConfirmation(text: string): 'yes' | 'no' | null {
  const trimmed = text.trim();
  if (YES.test(trimmed)) return 'yes';
  if (NO.test(trimmed)) return 'no';
  return null;
}

function localTime(now: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** No hours configured means humans are always available. */
export function isWithinBusinessHours(hours: BusinessHours | null, now: Date): boolean {
  if (!hours) return true;
  const { day, minutes } = localTime(now, hours.timeZone);
  return hours.days.includes(day) && minutes >= toMinutes(hours.open) && minutes < toMinutes(hours.close);
}
