import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvRecords } from '../../intents/training-data';
import { stableBucket } from './stable-hash';

/**
 * Readers for the public datasets in ../shared/data and the splits the guard uses. Training reads only
 * training parts; evaluation reads only test parts. Nothing here is copied into the repository.
 */
export const DEFAULT_DATA_DIR = join(process.cwd(), '..', 'shared', 'data');

export const SPLIT_SEED = 20261128;
/** Share of BANKING77/CLINC150 training messages held out to calibrate the thresholds (1 in 10). */
const SUPPORT_VALIDATION_BUCKET = 0;
/** HateCheck has no split: templates are hashed into 10 buckets, 0–4 train, 5 validation, 6–9 test. */
const HATECHECK_TRAIN_BUCKETS = 5;
const HATECHECK_VALIDATION_BUCKET = 5;

export type DataPart = 'train' | 'validation' | 'test';

export interface HateCheckCase {
  readonly text: string;
  readonly hateful: boolean;
  readonly functionality: string;
}

export interface BipiaAttack {
  readonly category: string;
  readonly text: string;
  readonly kind: 'text' | 'code';
}

function readCsvColumn(path: string, column: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRecords(readFileSync(path, 'utf8'));
  const names = header.fields.map((f) => f.trim());
  if (!names.includes(column)) throw new Error(`${path}: no "${column}" column`);
  return rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row.fields[i] ?? ''])));
}

/** BANKING77 and CLINC150 (in-scope and out-of-scope) messages: the support traffic a guard must pass. */
export function readSupportMessages(dataDir: string, part: DataPart): string[] {
  if (part === 'test') {
    const banking = readCsvColumn(join(dataDir, 'banking77', 'test.csv'), 'text').map((r) => r.text);
    const clinc = readClinc(dataDir, ['test', 'oos_test']);
    return [...banking, ...clinc];
  }
  const banking = readCsvColumn(join(dataDir, 'banking77', 'train.csv'), 'text').map((r) => r.text);
  const all = [...banking, ...readClinc(dataDir, ['train', 'oos_train'])];
  const wantValidation = part === 'validation';
  return all.filter((text) => (stableBucket(text, SPLIT_SEED, 10) === SUPPORT_VALIDATION_BUCKET) === wantValidation);
}

export function readBankingTrain(dataDir: string, part: 'train' | 'validation'): string[] {
  const wantValidation = part === 'validation';
  return readCsvColumn(join(dataDir, 'banking77', 'train.csv'), 'text')
    .map((r) => r.text)
    .filter((text) => (stableBucket(text, SPLIT_SEED, 10) === SUPPORT_VALIDATION_BUCKET) === wantValidation);
}

export function readBankingTest(dataDir: string): string[] {
  return readCsvColumn(join(dataDir, 'banking77', 'test.csv'), 'text').map((r) => r.text);
}

/**
 * CLINC150 train messages of the given intents, from the same 90 % hashed part the detectors train on
 * (the other 10 % calibrates thresholds).
 */
export function readClincIntents(dataDir: string, intents: ReadonlySet<string>): { text: string; intent: string }[] {
  const data = JSON.parse(readFileSync(join(dataDir, 'clinc150', 'data_full.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  return data.train
    .filter(([text, intent]) => intents.has(intent) && stableBucket(text, SPLIT_SEED, 10) !== SUPPORT_VALIDATION_BUCKET)
    .map(([text, intent]) => ({ text, intent }));
}

export function readClinc(dataDir: string, keys: readonly string[]): string[] {
  const data = JSON.parse(readFileSync(join(dataDir, 'clinc150', 'data_full.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  return keys.flatMap((key) => (data[key] ?? []).map(([text]) => text));
}

function hateCheckPart(templateId: string): DataPart {
  const bucket = stableBucket(templateId, SPLIT_SEED, 10);
  if (bucket < HATECHECK_TRAIN_BUCKETS) return 'train';
  return bucket === HATECHECK_VALIDATION_BUCKET ? 'validation' : 'test';
}

/** Split by template, not by case: cases of one template differ only in the target group. */
export function readHateCheck(dataDir: string, part: DataPart): HateCheckCase[] {
  return readCsvColumn(join(dataDir, 'hatecheck', 'test_suite_cases.csv'), 'test_case')
    .filter((row) => hateCheckPart(row.templ_id) === part)
    .map((row) => ({ text: row.test_case, hateful: row.label_gold === 'hateful', functionality: row.functionality }));
}

export function readBipiaAttacks(dataDir: string, split: 'train' | 'test'): BipiaAttack[] {
  return (['text', 'code'] as const).flatMap((kind) => {
    const byCategory = JSON.parse(
      readFileSync(join(dataDir, 'bipia', `${kind}_attack_${split}.json`), 'utf8'),
    ) as Record<string, string[]>;
    return Object.entries(byCategory).flatMap(([category, texts]) => texts.map((text) => ({ category, text, kind })));
  });
}

export function readBipiaEmails(dataDir: string, split: 'train' | 'test'): string[] {
  return readFileSync(join(dataDir, 'bipia', 'email', `${split}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => (JSON.parse(line) as { context: string }).context);
}

/**
 * The questions BIPIA's table task asks about its tables (train split only): plain factual questions,
 * the hard negatives that teach the chat-message detector that a question is not an injection.
 */
export function readBipiaTableQuestions(dataDir: string, split: 'train' | 'test'): string[] {
  return readFileSync(join(dataDir, 'bipia', 'table', `${split}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => (JSON.parse(line) as { question: string }).question);
}
