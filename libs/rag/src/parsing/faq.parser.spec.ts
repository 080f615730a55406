import { expectOffsetsIndexIntoText, rejectionOf } from '../testing/parsed-document.assertions';
import { parseDocument } from './parse-document';

const csv = (source: string) => parseDocument(Buffer.from(source), { filename: 'faq.csv' });
const json = (value: unknown) => parseDocument(Buffer.from(JSON.stringify(value)), { filename: 'faq.json' });

describe('parseDocument: FAQ files', () => {
  it('turns each CSV row into one Q/A section, with quoted commas and multi-line answers', async () => {
    const parsed = await csv(
      '\uFEFFQuestion,Answer,Category\n' +
        '"How do I reset my password?","Open Settings, then Security.\nClick Reset.",Account\n' +
        'Do you ship abroad?,Yes,\n' +
        ',orphan answer,\n',
    );
    expect(parsed.type).toBe('faq-csv');
    expect(parsed.faq).toEqual([
      {
        question: 'How do I reset my password?',
        answer: 'Open Settings, then Security.\nClick Reset.',
        category: 'Account',
      },
      { question: 'Do you ship abroad?', answer: 'Yes' },
    ]);
    expect(parsed.sections.map((s) => [s.headingPath, s.text])).toEqual([
      [['Account'], 'Q: How do I reset my password?\nA: Open Settings, then Security.\nClick Reset.'],
      [[], 'Q: Do you ship abroad?\nA: Yes'],
    ]);
    expectOffsetsIndexIntoText(parsed);
  });

  it('reads semicolon- and tab-separated files', async () => {
    expect((await csv('question;answer\nWhy?;Because.\n')).faq).toEqual([{ question: 'Why?', answer: 'Because.' }]);
    const tsv = await parseDocument(Buffer.from('q\ta\nWhen?\tNow.\n'), { filename: 'faq.tsv' });
    expect(tsv.faq).toEqual([{ question: 'When?', answer: 'Now.' }]);
  });

  it('reads a JSON list or a list under a "faq"/"items" key', async () => {
    const list = await json([
      { question: 'A?', answer: 'a.' },
      { Q: 'B?', A: 'b.' },
    ]);
    expect(list.faq).toEqual([
      { question: 'A?', answer: 'a.' },
      { question: 'B?', answer: 'b.' },
    ]);
    const wrapped = await json({ faq: [{ question: 'C?', answer: 'c.', topic: 'Misc' }] });
    expect(wrapped.sections[0]).toMatchObject({ headingPath: ['Misc'], text: 'Q: C?\nA: c.' });
  });

  it('explains a CSV without question/answer columns', async () => {
    const error = await rejectionOf(csv('name,email\nAda,ada@example.com\n'));
    expect(error.reason).toBe('FAQ CSV needs "question" and "answer" fields (found: name, email)');
  });

  it('explains malformed CSV, invalid JSON and JSON of the wrong shape', async () => {
    expect((await rejectionOf(csv('question,answer\n"unterminated,quote\n'))).reason).toMatch(/^FAQ CSV is malformed/);
    const invalid = await rejectionOf(parseDocument(Buffer.from('{"faq": ['), { filename: 'faq.json' }));
    expect(invalid.reason).toBe('FAQ JSON is not valid JSON');
    expect((await rejectionOf(json(['just', 'strings']))).reason).toBe(
      'FAQ JSON must be a list of objects with "question" and "answer"',
    );
  });

  it('fails a FAQ with no complete pair', async () => {
    expect((await rejectionOf(json([{ question: 'Only a question', answer: '' }]))).reason).toBe(
      'FAQ JSON has no complete question/answer pairs',
    );
  });
});
