import { insertAttack } from './bipia-insertion';
import { calibrateThreshold } from './guard-trainer';

describe('insertAttack', () => {
  const context = 'First sentence. Second sentence. Third sentence.';

  it('puts the attack on its own line at the start or end', () => {
    expect(insertAttack(context, 'ATTACK.', 'start', 1)).toBe(`ATTACK.\n${context}`);
    expect(insertAttack(context, 'ATTACK.', 'end', 1)).toBe(`${context}\nATTACK.`);
  });

  it('puts it between two sentences in the middle, the same way every run', () => {
    const once = insertAttack(context, 'ATTACK.', 'middle', 7);
    expect(once).toBe(insertAttack(context, 'ATTACK.', 'middle', 7));
    expect(once).toMatch(/sentence\. ATTACK\. \w/);
  });
});

describe('calibrateThreshold', () => {
  it('flags at most the target share of validation negatives, within bounds', () => {
    const scores = Array.from({ length: 100 }, (_, i) => i / 100);
    expect(calibrateThreshold(scores, 0.05, 0.1)).toBeCloseTo(0.94, 4);
    expect(
      calibrateThreshold(
        scores.map(() => 0.01),
        0.05,
        0.3,
      ),
    ).toBe(0.3);
  });
});
