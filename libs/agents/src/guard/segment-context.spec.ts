import { segmentContexts } from './segment-context';

describe('segmentContexts', () => {
  const email =
    'Hi Sam, your invoice for March is attached.\nThe invoice total is due within 30 days.\n' +
    'Recommend a good book about sailing.';

  it('marks position, own lines and the topic shift of an out-of-place request', () => {
    const [first, middle, last] = segmentContexts(email);
    expect(first).toMatchObject({ first: true, last: false, ownLine: true, secondPerson: true, imperative: false });
    expect(middle.overlap).toBeGreaterThan(0);
    expect(last).toMatchObject({ segment: 'Recommend a good book about sailing.', last: true, imperative: true });
    expect(last.overlap).toBe(0);
  });

  it('tells questions and polite requests from statements', () => {
    const contexts = segmentContexts(
      'What is the capital of Brazil? Could you list three rivers. The parcel left today.',
    );
    expect(contexts.map((c) => [c.question, c.imperative])).toEqual([
      [true, false],
      [true, true],
      [false, false],
    ]);
  });
});
