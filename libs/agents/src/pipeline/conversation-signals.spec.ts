import { isSmallTalk, isWithinBusinessHours, readConfirmation } from './conversation-signals';

describe('conversation signals', () => {
  it('recognises greetings and thanks but not questions that start like them', () => {
    expect(isSmallTalk('Hello!')).toBe(true);
    expect(isSmallTalk('thanks a lot :)')).toBe(true);
    expect(isSmallTalk('hello, how long do refunds take?')).toBe(false);
  });

  it('reads yes and no answers to a confirmation question', () => {
    expect(readConfirmation('Yes please')).toBe('yes');
    expect(readConfirmation("don't do it")).toBe('no');
    expect(readConfirmation('what does it cost?')).toBeNull();
  });

  it('checks business hours in the configured time zone', () => {
    const hours = { timeZone: 'Europe/Paris', days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' };
    expect(isWithinBusinessHours(hours, new Date('2026-11-25T08:30:00Z'))).toBe(true); // Wed 09:30 Paris
    expect(isWithinBusinessHours(hours, new Date('2026-11-25T07:30:00Z'))).toBe(false); // Wed 08:30 Paris
    expect(isWithinBusinessHours(hours, new Date('2026-11-25T16:00:00Z'))).toBe(false); // Wed 17:00 Paris
    expect(isWithinBusinessHours(hours, new Date('2026-11-29T10:00:00Z'))).toBe(false); // Sunday
    expect(isWithinBusinessHours(null, new Date('2026-11-29T10:00:00Z'))).toBe(true);
  });
});
