import { InvalidEntityPatternError, compileReferencePattern, extractReferences } from './reference-extractor';

describe('extractReferences', () => {
  const patterns = [
    compileReferencePattern('order_number', String.raw`ORD-\d{6}`),
    compileReferencePattern('ticket_number', String.raw`ticket\s*#?\s*(\d{4,})`),
  ];

  it('uses the whole match, or group 1 when the pattern has one', () => {
    const found = extractReferences('About ord-123456 and ticket #98765', patterns);
    expect(found.map((e) => [e.type, e.text, e.value])).toEqual([
      ['order_number', 'ord-123456', 'ORD-123456'],
      ['ticket_number', '98765', '98765'],
    ]);
    expect(found[1].start).toBe('About ord-123456 and ticket #'.length);
  });

  it('rejects a broken pattern or one that matches nothing at all', () => {
    expect(() => compileReferencePattern('order_number', '(unclosed')).toThrow(InvalidEntityPatternError);
    expect(() => compileReferencePattern('order_number', '\\d*')).toThrow(/empty string/);
  });
});
