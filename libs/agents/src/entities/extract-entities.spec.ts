import { maskEntitiesForModel } from './entity-masking';
import { extractEntities } from './extract-entities';
import { TenantEntityConfig } from './entity.types';

const REFERENCE = new Date('2025-03-05T12:00:00Z');
const CONFIG: TenantEntityConfig = {
  orderNumberPatterns: [String.raw`\b\d{9}\b`],
  products: ['Kettle'],
  defaultCallingCode: '44',
};

describe('extractEntities', () => {
  it('extracts every type from one message, in text order', () => {
    const text = 'Order 123456789: the kettle for £25 came tomorrow? Call 020 7946 0958 or mail me@x.io';
    const entities = extractEntities(text, CONFIG, REFERENCE);
    expect(entities.map((e) => [e.type, e.value])).toEqual([
      ['order_number', '123456789'],
      ['product', 'Kettle'],
      ['amount', { value: 25, currency: 'GBP' }],
      ['date', '2025-03-06'],
      ['phone', '+442079460958'],
      ['email', 'me@x.io'],
    ]);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('lets a tenant pattern claim digits before the phone extractor', () => {
    const entities = extractEntities('ref 012345678', { orderNumberPatterns: [String.raw`\b0\d{8}\b`] }, REFERENCE);
    expect(entities.map((e) => e.type)).toEqual(['order_number']);
  });

  it('works without tenant config', () => {
    expect(extractEntities('see you tomorrow', undefined, REFERENCE)).toMatchObject([
      { type: 'date', value: '2025-03-06' },
    ]);
  });

  it('shows a model placeholders, never personal values', () => {
    const entities = extractEntities('mail me@x.io by Friday', CONFIG, REFERENCE);
    const masked = maskEntitiesForModel(entities, [{ start: 5, end: 12, placeholder: '[EMAIL_1]' }]);
    expect(masked.map((e) => [e.type, e.value])).toEqual([
      ['email', '[EMAIL_1]'],
      ['date', '2025-03-07'],
    ]);
    expect(maskEntitiesForModel(entities, [])[0].value).toBe('[EMAIL]');
  });
});
