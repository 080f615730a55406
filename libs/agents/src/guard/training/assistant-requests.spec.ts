import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERAL_ASSISTANT_INTENTS, readAssistantRequests } from './assistant-requests';
import { SPLIT_SEED } from './guard-datasets';

describe('readAssistantRequests', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'seed-guard-clinc-'));
    mkdirSync(join(dataDir, 'clinc150'));
    const train = [
      ...Array.from({ length: 30 }, (_, i) => [`give me a recipe for soup number ${i}`, 'recipe']),
      ...Array.from({ length: 30 }, (_, i) => [`tell me a fun fact about owls ${i}`, 'fun_fact']),
      ...Array.from({ length: 30 }, (_, i) => [`what is my account balance ${i}`, 'balance']),
    ];
    const test = [['give me a recipe from the test split', 'recipe']];
    writeFileSync(join(dataDir, 'clinc150', 'data_full.json'), JSON.stringify({ train, test }));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes at most the cap from each general-assistant intent of the train split, never support intents', () => {
    const picked = readAssistantRequests(dataDir, 5, SPLIT_SEED);
    expect(picked.filter((text) => text.includes('recipe'))).toHaveLength(5);
    expect(picked.filter((text) => text.includes('fun fact'))).toHaveLength(5);
    expect(picked.some((text) => text.includes('balance') || text.includes('test split'))).toBe(false);
    expect(GENERAL_ASSISTANT_INTENTS.has('balance')).toBe(false);
  });

  it('picks the same messages on every run and none when the cap is 0', () => {
    expect(readAssistantRequests(dataDir, 5, SPLIT_SEED)).toEqual(readAssistantRequests(dataDir, 5, SPLIT_SEED));
    expect(readAssistantRequests(dataDir, 0, SPLIT_SEED)).toEqual([]);
  });
});
