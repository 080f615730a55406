import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LabelledText, formatLabelledCsv, parseCsvRecords } from '../training-data';
import { optionalArg, parseCliArgs, runCli } from './cli-args';

/**
 * Converts the public intent benchmarks into `text,label` CSV under a git-ignored folder. The source
 * data is read in place and never copied into the repository.
 *
 *   npm run eval:convert-intents -- [--data ../shared/data] [--out .eval]
 */
function convertBanking77(dataDir: string, outDir: string): void {
  mkdirSync(join(outDir, 'banking77'), { recursive: true });
  for (const split of ['train', 'test']) {
    // The source header is `text,category`; rows after it are [text, category].
    const [, ...rows] = parseCsvRecords(readFileSync(join(dataDir, 'banking77', `${split}.csv`), 'utf8'));
    const examples: LabelledText[] = rows.map(({ fields }) => ({ text: fields[0], label: fields[1] }));
    writeFileSync(join(outDir, 'banking77', `${split}.csv`), formatLabelledCsv(examples));
  }
}

const CLINC_SPLITS = ['train', 'val', 'test', 'oos_train', 'oos_val', 'oos_test'] as const;

function convertClinc150(dataDir: string, outDir: string): void {
  const data = JSON.parse(readFileSync(join(dataDir, 'clinc150', 'data_full.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  mkdirSync(join(outDir, 'clinc150'), { recursive: true });
  for (const split of CLINC_SPLITS) {
    const examples = data[split].map(([text, label]) => ({ text, label }));
    writeFileSync(join(outDir, 'clinc150', `${split}.csv`), formatLabelledCsv(examples));
  }
}

runCli(() => {
  const args = parseCliArgs(process.argv.slice(2), ['data', 'out']);
  const dataDir = resolve(optionalArg(args, 'data') ?? '../shared/data');
  const outDir = resolve(optionalArg(args, 'out') ?? '.eval');
  convertBanking77(dataDir, outDir);
  convertClinc150(dataDir, outDir);
  process.stdout.write(`Wrote ${join(outDir, 'banking77')} and ${join(outDir, 'clinc150')}\n`);
});
