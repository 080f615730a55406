import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { convertDatasets } from './convert-datasets';

const USAGE = `Usage: npm run eval:convert -- [--data <dir>] [--out <dir>]
  --data  folder holding covid_faq/ and covid_qa/ (default: ../shared/data, read in place)
  --out   output folder, one BEIR dataset per subfolder (default: .eval, git-ignored)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const summaries = await convertDatasets(resolve(values.data ?? '../shared/data'), resolve(values.out ?? '.eval'));
  for (const s of summaries) {
    console.log(`${s.name}: corpus ${s.corpus}, queries ${s.queries}, qrels ${s.qrels} -> ${s.dir}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
