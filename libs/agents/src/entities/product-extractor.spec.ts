import { ProductCatalog } from './product-extractor';
import { boundedEditDistance, foldText } from './text-folding';

describe('ProductCatalog', () => {
  const catalog = new ProductCatalog(['Crème Brûlée Torch', 'AirPods Pro', 'AirPods', 'Kettle', 'Galaxy S24']);

  it('matches case- and accent-insensitively and returns the listed name', () => {
    expect(catalog.extract('my CREME brulee torch broke').map((p) => [p.text, p.value, p.edits])).toEqual([
      ['CREME brulee torch', 'Crème Brûlée Torch', 0],
    ]);
  });

  it('prefers the longest name at a position', () => {
    expect(catalog.extract('airpods pro and airpods').map((p) => p.value)).toEqual(['AirPods Pro', 'AirPods']);
  });

  it('tolerates a small typo in longer words only', () => {
    expect(catalog.extract('the kettel and the galaxy s42').map((p) => [p.value, p.edits])).toEqual([['Kettle', 1]]);
    expect(catalog.extract('the airpod pro')).toMatchObject([{ value: 'AirPods Pro', edits: 1 }]);
  });

  it('finds nothing in an empty catalog', () => {
    expect(new ProductCatalog([]).extract('kettle')).toEqual([]);
  });
});

describe('text folding', () => {
  it('folds case and accents', () => {
    expect(foldText('Ça Été Brûlée')).toBe('ca ete brulee');
  });

  it('counts edits with adjacent swaps and stops past the limit', () => {
    expect(boundedEditDistance('kettle', 'kettel', 2)).toBe(1);
    expect(boundedEditDistance('kitten', 'sitting', 3)).toBe(3);
    expect(boundedEditDistance('abc', 'xyzuvw', 1)).toBe(2);
  });
});
