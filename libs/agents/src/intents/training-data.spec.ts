import { assertTrainable, formatLabelledCsv, parseCsvRecords, parseLabelledCsv } from './training-data';
import { TrainingDataError, TrainingDataErrorCode } from './training-data.exception';

function errorOf(run: () => unknown): TrainingDataError {
  try {
    run();
  } catch (error) {
    if (error instanceof TrainingDataError) return error;
    throw error;
  }
  throw new Error('expected a TrainingDataError');
}

describe('parseCsvRecords', () => {
  it('handles quoted commas, doubled quotes, CRLF and line breaks inside quotes', () => {
    const records = parseCsvRecords('text,label\r\n"a, b",x\n"say ""hi""",y\n"two\nlines",z\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['text', 'label'],
      ['a, b', 'x'],
      ['say "hi"', 'y'],
      ['two\nlines', 'z'],
    ]);
    expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4]);
  });

  it('reports an unterminated quote with the row it starts on', () => {
    const error = errorOf(() => parseCsvRecords('text,label\nok,a\n"broken,b\n'));
    expect(error.code).toBe(TrainingDataErrorCode.UnterminatedQuote);
    expect(error.row).toBe(3);
    expect(error.message).toContain('Row 3');
  });
});

describe('parseLabelledCsv', () => {
  it('reads text and label columns in any order and round-trips through formatLabelledCsv', () => {
    const examples = parseLabelledCsv('label,text\ngreet,"hello, there"\nbye,see you\n');
    expect(examples).toEqual([
      { text: 'hello, there', label: 'greet' },
      { text: 'see you', label: 'bye' },
    ]);
    expect(parseLabelledCsv(formatLabelledCsv(examples))).toEqual(examples);
  });

  it('rejects a header without a label column', () => {
    const error = errorOf(() => parseLabelledCsv('text,category\nhi,greet\n'));
    expect(error.code).toBe(TrainingDataErrorCode.MissingColumn);
    expect(error.message).toContain('"label"');
  });

  it('names the row of a malformed record', () => {
    const error = errorOf(() => parseLabelledCsv('text,label\nhi,greet\nhello, there,greet\n'));
    expect(error.code).toBe(TrainingDataErrorCode.MalformedRow);
    expect(error.row).toBe(3);
    expect(error.message).toMatch(/^Row 3: expected 2 fields, found 3/);
  });

  it('rejects empty text and empty labels with their row numbers', () => {
    expect(errorOf(() => parseLabelledCsv('text,label\nhi,greet\n  ,greet\n'))).toMatchObject({
      code: TrainingDataErrorCode.EmptyText,
      row: 3,
    });
    expect(errorOf(() => parseLabelledCsv('text,label\nhi,\n'))).toMatchObject({
      code: TrainingDataErrorCode.EmptyLabel,
      row: 2,
    });
  });
});

describe('assertTrainable', () => {
  it('rejects training data with a single class, naming it', () => {
    const error = errorOf(() =>
      assertTrainable([
        { text: 'a', label: 'only' },
        { text: 'b', label: 'only' },
      ]),
    );
    expect(error.code).toBe(TrainingDataErrorCode.TooFewClasses);
    expect(error.message).toContain('"only"');
  });

  it('rejects an empty training set', () => {
    expect(errorOf(() => assertTrainable([])).code).toBe(TrainingDataErrorCode.NoExamples);
  });
});
