import { SlmInputError } from '../slm.errors';
import { assertMessages, assertTexts } from './input-guard';

describe('input guards', () => {
  it('accepts string arrays, empty strings included', () => {
    expect(() => assertTexts(['', 'a'])).not.toThrow();
    expect(() => assertTexts([])).not.toThrow();
  });

  it('names the offending text', () => {
    expect(() => assertTexts(['a', 42])).toThrow(new SlmInputError('text 1 must be a string, got number'));
    expect(() => assertTexts('a')).toThrow(/expected an array of strings, got string/);
    expect(() => assertTexts([null])).toThrow(/text 0 must be a string, got null/);
  });

  it('checks chat messages', () => {
    expect(() => assertMessages([{ role: 'user', content: 'hi' }])).not.toThrow();
    expect(() => assertMessages([])).toThrow(SlmInputError);
    expect(() => assertMessages([{ role: 'robot', content: 'hi' }])).toThrow(/message 0/);
    expect(() => assertMessages([{ role: 'user', content: 3 }])).toThrow(/message 0/);
  });
});
