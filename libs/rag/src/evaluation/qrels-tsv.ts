import { readFile } from 'node:fs/promises';
import { BeirQrels, QRELS_HEADER } from './beir-dataset.types';

/** Parses a BEIR qrels TSV (header `query-id\tcorpus-id\tscore`); malformed lines fail loudly. */
export async function readQrelsTsv(path: string): Promise<BeirQrels> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/);
  if (lines[0]?.trim() !== QRELS_HEADER) throw new Error(`${path}: expected header "${QRELS_HEADER}"`);
  const qrels: BeirQrels = {};
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const [queryId, corpusId, score] = line.split('\t');
    const value = Number(score);
    if (!queryId || !corpusId || !Number.isFinite(value)) throw new Error(`${path}:${i + 2}: malformed qrels line`);
    (qrels[queryId] ??= {})[corpusId] = value;
  });
  return qrels;
}

export function formatQrelsTsv(qrels: BeirQrels): string {
  const rows = Object.entries(qrels).flatMap(([queryId, judged]) =>
    Object.entries(judged).map(([corpusId, score]) => `${queryId}\t${corpusId}\t${score}`),
  );
  return [QRELS_HEADER, ...rows].join('\n') + '\n';
}
