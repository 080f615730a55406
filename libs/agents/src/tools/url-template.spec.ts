import { expandUrlTemplate, templateVariables, UrlTemplateError } from './url-template';

describe('expandUrlTemplate', () => {
  it('fills placeholders with percent-encoded values', () => {
    expect(
      expandUrlTemplate('https://shop.test/orders/{order_number}?email={email}', {
        order_number: 'A 1/2',
        email: 'a+b@x.io',
      }),
    ).toBe('https://shop.test/orders/A%201%2F2?email=a%2Bb%40x.io');
  });

  it('never lets a value change the path, query or host', () => {
    expect(expandUrlTemplate('https://shop.test/orders/{id}', { id: '../admin?x=1' })).toBe(
      'https://shop.test/orders/..%2Fadmin%3Fx%3D1',
    );
    expect(() => expandUrlTemplate('https://{host}/x', { host: 'evil.test' })).toThrow(UrlTemplateError);
  });

  it('refuses missing or structured values', () => {
    expect(() => expandUrlTemplate('https://shop.test/{id}', {})).toThrow('needs a value for "id"');
    expect(() => expandUrlTemplate('https://shop.test/{id}', { id: { a: 1 } })).toThrow(UrlTemplateError);
  });

  it('lists the variables of a template', () => {
    expect(templateVariables('https://x.test/{a}/b/{c_d}')).toEqual(['a', 'c_d']);
  });
});
