import { formatPassages, withPassagesPrompt } from './passages-prompt';

describe('withPassagesPrompt', () => {
  const passages = [{ text: 'Refunds take 5 days.', title: 'Refunds' }, { text: ' Open 9 to 5. ' }];

  it('numbers passages from 1, with titles', () => {
    expect(formatPassages(passages)).toBe('[1] Refunds: Refunds take 5 days.\n\n[2] Open 9 to 5.');
  });

  it('appends them to the system message, or adds one', () => {
    const withSystem = withPassagesPrompt(
      [
        { role: 'system', content: 'You are Seed.' },
        { role: 'user', content: 'q' },
      ],
      passages,
    );
    expect(withSystem).toHaveLength(2);
    expect(withSystem[0].content).toMatch(
      /^You are Seed\.\n\nAnswer using only the numbered passages[\s\S]*\[2\] Open 9 to 5\.$/,
    );
    const without = withPassagesPrompt([{ role: 'user', content: 'q' }], passages);
    expect(without.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('leaves messages alone without passages', () => {
    const messages = [{ role: 'user' as const, content: 'q' }];
    expect(withPassagesPrompt(messages, undefined)).toBe(messages);
    expect(withPassagesPrompt(messages, [])).toBe(messages);
  });
});
