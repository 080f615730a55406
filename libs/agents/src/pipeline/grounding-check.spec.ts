import { checkGrounding, splitAnswerSentences } from './grounding-check';

const passages = [
  { text: 'Refunds reach your card within five business days after we receive the parcel.' },
  { text: 'Express parcels arrive the next morning when ordered before 3pm.' },
];

describe('checkGrounding', () => {
  it('keeps sentences whose content words appear in the passages they cite', () => {
    const report = checkGrounding('Refunds reach your card within five business days [1].', passages, 0.5);
    expect(report.sentences).toEqual([expect.objectContaining({ supported: true, citations: [1], support: 1 })]);
    expect(report.text).toBe('Refunds reach your card within five business days [1].');
    expect(report.cited).toEqual([1]);
    expect(report.confidence).toBe(1);
  });

  it('drops sentences that cite nothing, cite the wrong passage or cite a passage that does not exist', () => {
    const answer =
      'Refunds reach your card within five business days [1]. We also give every customer a free unicorn. ' +
      'Express parcels arrive the next morning [1]. Refunds are instant [7].';
    const report = checkGrounding(answer, passages, 0.5);
    expect(report.sentences.map((s) => s.supported)).toEqual([true, false, false, false]);
    expect(report.text).toBe('Refunds reach your card within five business days [1].');
    expect(report.confidence).toBeCloseTo(0.25);
  });

  it('accepts citations after the full stop and several markers per sentence', () => {
    const answer = 'Express parcels arrive the next morning.[2] Refunds reach your card in five days. [1][2]';
    expect(splitAnswerSentences(answer)).toHaveLength(2);
    const report = checkGrounding(answer, passages, 0.5);
    expect(report.sentences.every((s) => s.supported)).toBe(true);
    expect(report.cited).toEqual([1, 2]);
  });

  it('matches plural and verb forms and ignores accents and case', () => {
    const report = checkGrounding('REFUND reaches the cards [1].', passages, 0.6);
    expect(report.sentences[0].supported).toBe(true);
  });

  it('has zero confidence when nothing is supported', () => {
    const report = checkGrounding('Cats are wonderful [1].', passages, 0.5);
    expect(report).toMatchObject({ text: '', cited: [], confidence: 0 });
  });
});
