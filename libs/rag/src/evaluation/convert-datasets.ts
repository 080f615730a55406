import { resolve } from 'node:path';
import { readBeirDataset } from './beir-dataset.reader';
import { countQrels } from './beir-dataset.types';
import { writeBeirDataset } from './beir-dataset.writer';
import { COVID_DATASETS, CovidDatasetName } from './covid-datasets.converter';

export interface ConversionSummary {
  name: CovidDatasetName;
  dir: string;
  corpus: number;
  queries: number;
  qrels: number;
}

/**
 * Converts each public dataset under `dataDir` into BEIR layout under `outDir/<name>`, then reads
 * the output back with the BEIR reader, so a dangling id fails the conversion rather than an eval run.
 */
export async function convertDatasets(dataDir: string, outDir: string): Promise<ConversionSummary[]> {
  const summaries: ConversionSummary[] = [];
  for (const name of Object.keys(COVID_DATASETS) as CovidDatasetName[]) {
    const dir = resolve(outDir, name);
    await writeBeirDataset(dir, await COVID_DATASETS[name](resolve(dataDir, name)));
    const { corpus, queries, qrels } = await readBeirDataset(dir);
    summaries.push({ name, dir, corpus: corpus.length, queries: queries.length, qrels: countQrels(qrels) });
  }
  return summaries;
}
