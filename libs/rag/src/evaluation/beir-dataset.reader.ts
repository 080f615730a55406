import { join } from 'node:path';
import { BeirDataset, BeirDocument, BeirQrels, BeirQuery } from './beir-dataset.types';
import { readJsonLines } from './json-lines';
import { readQrelsTsv } from './qrels-tsv';

type Row = Record<string, unknown>;

function requireString(row: Row, field: string, where: string): string {
  const value = row[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new Error(`${where}: field "${field}" is missing or not a string`);
}

function withMetadata<T extends object>(base: T, row: Row): T & { metadata?: Record<string, unknown> } {
  const metadata = row.metadata;
  return metadata && typeof metadata === 'object' ? { ...base, metadata: metadata as Record<string, unknown> } : base;
}

function uniqueIds<T extends { _id: string }>(rows: T[], file: string): Set<string> {
  const ids = new Set<string>();
  for (const row of rows) {
    if (ids.has(row._id)) throw new Error(`${file}: duplicate _id "${row._id}"`);
    ids.add(row._id);
  }
  return ids;
}

function checkQrels(qrels: BeirQrels, queryIds: Set<string>, corpusIds: Set<string>, file: string): void {
  for (const [queryId, judged] of Object.entries(qrels)) {
    if (!queryIds.has(queryId)) throw new Error(`${file}: unknown query id "${queryId}"`);
    const unknown = Object.keys(judged).find((corpusId) => !corpusIds.has(corpusId));
    if (unknown) throw new Error(`${file}: unknown corpus id "${unknown}" for query "${queryId}"`);
  }
}

/**
 * Reads a dataset in the BEIR layout and checks it: unique ids, and qrels that only name known
 * queries and documents. A missing `title` reads as an empty string, as in BEIR's loader.
 */
export async function readBeirDataset(dir: string, split = 'test'): Promise<BeirDataset> {
  const corpusFile = join(dir, 'corpus.jsonl');
  const queriesFile = join(dir, 'queries.jsonl');
  const qrelsFile = join(dir, 'qrels', `${split}.tsv`);
  const corpus = (await readJsonLines<Row>(corpusFile)).map((row, i): BeirDocument => {
    const where = `${corpusFile}:${i + 1}`;
    const title = typeof row.title === 'string' ? row.title : '';
    return withMetadata({ _id: requireString(row, '_id', where), title, text: requireString(row, 'text', where) }, row);
  });
  const queries = (await readJsonLines<Row>(queriesFile)).map((row, i): BeirQuery => {
    const where = `${queriesFile}:${i + 1}`;
    return withMetadata({ _id: requireString(row, '_id', where), text: requireString(row, 'text', where) }, row);
  });
  const qrels = await readQrelsTsv(qrelsFile);
  checkQrels(qrels, uniqueIds(queries, queriesFile), uniqueIds(corpus, corpusFile), qrelsFile);
  return { corpus, queries, qrels };
}
