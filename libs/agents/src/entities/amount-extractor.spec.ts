import { extractAmounts, parseAmountNumber } from './amount-extractor';

describe('extractAmounts', () => {
  it.each([
    ['$20', 20, 'USD'],
    ['$1,234.56', 1234.56, 'USD'],
    ['€15,50', 15.5, 'EUR'],
    ['15,50 €', 15.5, 'EUR'],
    ['1.234,56 EUR', 1234.56, 'EUR'],
    ['EUR 100', 100, 'EUR'],
    ['£9.99', 9.99, 'GBP'],
    ['30 dollars', 30, 'USD'],
    ['25 bucks', 25, 'USD'],
    ['12 euros', 12, 'EUR'],
    ['CHF 40.5', 40.5, 'CHF'],
  ])('reads %j', (text, value, currency) => {
    const [amount] = extractAmounts(`I was charged ${text} yesterday`);
    expect(amount).toMatchObject({ type: 'amount', text, value: { value, currency } });
  });

  it('ignores numbers without a currency', () => {
    expect(extractAmounts('order 12345, 3 items, 2.5 kg')).toEqual([]);
  });

  it('treats the last separator before one or two digits as the decimal mark', () => {
    expect(parseAmountNumber('1,234')).toBe(1234);
    expect(parseAmountNumber('1 234 567,8')).toBe(1234567.8);
    expect(parseAmountNumber("1'000.25")).toBe(1000.25);
  });
});
