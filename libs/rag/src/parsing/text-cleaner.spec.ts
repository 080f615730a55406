import { cleanInline, cleanText } from './text-cleaner';

describe('cleanText', () => {
  it('removes invisible characters and expands ligatures', () => {
    expect(cleanText('o\uFB03ce re\u00ADfund\u200B s\uFEFFtatus')).toBe('office refund status');
  });

  it('normalises spaces, line endings and blank lines', () => {
    expect(cleanText('  a\u00A0\u00A0b\t c  \r\nnext\r\r\n\n\n\nlast  ')).toBe('a b c\nnext\n\nlast');
  });

  it('drops control characters but keeps newlines', () => {
    expect(cleanText('bell\u0007 and\u0000 nul\nline')).toBe('bell and nul\nline');
  });

  it('keeps indentation when asked to (code)', () => {
    expect(cleanText('def f():\n    return  1   \n', { preserveSpacing: true })).toBe('def f():\n    return  1');
  });

  it('collapses everything to one line for headings', () => {
    expect(cleanInline(' Sick\n leave \t policy ')).toBe('Sick leave policy');
  });
});
