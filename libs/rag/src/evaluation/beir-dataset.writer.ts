import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BeirDataset } from './beir-dataset.types';
import { writeJsonLines } from './json-lines';
import { formatQrelsTsv } from './qrels-tsv';

export async function writeBeirDataset(dir: string, dataset: BeirDataset, split = 'test'): Promise<void> {
  await mkdir(join(dir, 'qrels'), { recursive: true });
  await writeJsonLines(join(dir, 'corpus.jsonl'), dataset.corpus);
  await writeJsonLines(join(dir, 'queries.jsonl'), dataset.queries);
  await writeFile(join(dir, 'qrels', `${split}.tsv`), formatQrelsTsv(dataset.qrels), 'utf8');
}
