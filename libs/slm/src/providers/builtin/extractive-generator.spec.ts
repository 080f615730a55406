import { ChatMessage } from '../../slm.types';
import { EXTRACTIVE_NO_ANSWER, ExtractiveGenerator } from './extractive-generator';

const passages = [
  { text: 'Our store is open Monday to Friday, 9am to 5pm. We are closed on public holidays.' },
  {
    text: 'Refunds are issued within 5 business days after we receive the item. Refunds go back to the original card.',
  },
  { text: 'Shipping to Canada takes 7 to 10 days. Shipping within the US takes 3 days.' },
];
const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('ExtractiveGenerator', () => {
  const generator = new ExtractiveGenerator(3);

  it('quotes the best sentences with their passage number', () => {
    expect(generator.answer([user('How long do refunds take?')], passages)).toBe(
      'Refunds are issued within 5 business days after we receive the item [2]. Refunds go back to the original card [2].',
    );
    expect(generator.answer([user('When is the store open?')], passages)).toBe(
      'Our store is open Monday to Friday, 9am to 5pm [1].',
    );
  });

  it('uses the previous question for short follow-ups', () => {
    const messages = [
      user('How long does shipping take?'),
      { role: 'assistant' as const, content: '...' },
      user('and to Canada?'),
    ];
    expect(generator.answer(messages, passages)).toBe('Shipping to Canada takes 7 to 10 days [3].');
    const weekends = [user('When is the store open?'), { role: 'assistant' as const, content: '...' }];
    expect(generator.answer([user('And on weekends?')], passages)).toBe(EXTRACTIVE_NO_ANSWER);
    expect(generator.answer([...weekends, user('And on weekends?')], passages)).toBe(
      'Our store is open Monday to Friday, 9am to 5pm [1].',
    );
  });

  it('answers a self-contained question on its own words, whatever was asked before', () => {
    // "refund" is rare in these passages and "ship" common: weighed in from the start, the previous
    // question's word made a refund sentence the best one, too far from "Shipping times?" to be quoted.
    const shop = [
      { text: 'Shipping is free on orders over 50 EUR. Shipping takes 3 to 5 business days. We ship to the whole EU.' },
      { text: 'Refunds are paid within five days. Returned items are shipped back at our cost.' },
    ];
    const alone = generator.answer([user('Shipping times?')], shop);
    expect(alone).toContain('Shipping takes 3 to 5 business days [1].');
    const afterRefund = [user('How do I get a refund?'), { role: 'assistant' as const, content: '...' }];
    expect(generator.answer([...afterRefund, user('Shipping times?')], shop)).toBe(alone);
  });

  it('says it does not know when nothing matches, or there are no passages', () => {
    expect(generator.answer([user('What is the weather in Paris?')], passages)).toBe(EXTRACTIVE_NO_ANSWER);
    expect(generator.answer([user('hello')], passages)).toBe(EXTRACTIVE_NO_ANSWER);
    expect(generator.answer([user('How long do refunds take?')], [])).toBe(EXTRACTIVE_NO_ANSWER);
  });

  it('limits the answer to the configured number of sentences', () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ text: `Refund rule ${i + 1} applies to refund requests.` }));
    const answer = new ExtractiveGenerator(2).answer([user('refund rules')], many);
    expect(answer.match(/\[\d\]/g)).toHaveLength(2);
  });

  it('streams word tokens, stops at maxNewTokens and when aborted', async () => {
    const collect = async (maxNewTokens: number, signal = new AbortController().signal) => {
      const tokens: string[] = [];
      for await (const t of generator.stream([user('How long do refunds take?')], { passages, maxNewTokens, signal }))
        tokens.push(t);
      return tokens;
    };
    const all = await collect(1000);
    expect(all.slice(0, 3)).toEqual(['Refunds', ' are', ' issued']);
    expect(all.join('')).toBe(generator.answer([user('How long do refunds take?')], passages));
    expect(await collect(2)).toEqual(['Refunds', ' are']);
    const aborted = new AbortController();
    aborted.abort();
    expect(await collect(1000, aborted.signal)).toEqual([]);
  });
});
