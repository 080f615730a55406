import { extractEmails } from './email-extractor';
import { extractPhones } from './phone-extractor';

describe('extractEmails', () => {
  it('finds addresses and lower-cases them', () => {
    expect(extractEmails('Mail Jane.Doe@Example.COM or ops@shop.co.uk.').map((e) => e.value)).toEqual([
      'jane.doe@example.com',
      'ops@shop.co.uk',
    ]);
  });

  it('ignores things that are not addresses', () => {
    expect(extractEmails('user@localhost, @handle, a@b')).toEqual([]);
  });
});

describe('extractPhones', () => {
  it.each([
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', '44', '+442079460958'],
    ['(555) 123-4567', '1', '+15551234567'],
    ['(555) 123-4567', undefined, '5551234567'],
    ['06 12 34 56 78', '33', '+33612345678'],
  ])('normalises %j (calling code %s) to %s', (text, code, value) => {
    expect(extractPhones(`call ${text} please`, code)).toMatchObject([{ text, value }]);
  });

  it('does not read order numbers, dates or amounts as phones', () => {
    expect(extractPhones('order 123456789, on 2025-03-12, 12/03/2025, paid 1,234.56')).toEqual([]);
  });
});
