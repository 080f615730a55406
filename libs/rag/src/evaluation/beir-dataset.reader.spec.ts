import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBeirDataset } from './beir-dataset.reader';
import { BeirDataset, countQrels } from './beir-dataset.types';
import { writeBeirDataset } from './beir-dataset.writer';

const dataset: BeirDataset = {
  corpus: [
    { _id: 'd1', title: 'Refunds', text: 'Refunds take 14 days.', metadata: { source: 'faq' } },
    { _id: 'd2', title: '', text: 'We ship worldwide.' },
  ],
  queries: [
    { _id: 'q1', text: 'how long until I get my money back' },
    { _id: 'q2', text: 'international delivery?', metadata: { lang: 'en' } },
  ],
  qrels: { q1: { d1: 1 }, q2: { d2: 1, d1: 0 } },
};

describe('readBeirDataset', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seed-beir-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeRaw(corpus: string, queries: string, qrels: string): Promise<void> {
    await mkdir(join(dir, 'qrels'), { recursive: true });
    await writeFile(join(dir, 'corpus.jsonl'), corpus);
    await writeFile(join(dir, 'queries.jsonl'), queries);
    await writeFile(join(dir, 'qrels', 'test.tsv'), qrels);
  }

  it('reads back what the writer wrote, in the standard layout', async () => {
    await writeBeirDataset(dir, dataset);
    expect(await readBeirDataset(dir)).toEqual(dataset);
    expect(countQrels(dataset.qrels)).toBe(3);
  });

  it('defaults a missing title to "" and skips blank lines', async () => {
    await writeRaw(
      '{"_id":"d1","text":"x"}\n\n',
      '{"_id":"q1","text":"y"}\n',
      'query-id\tcorpus-id\tscore\nq1\td1\t2\n',
    );
    expect(await readBeirDataset(dir)).toEqual({
      corpus: [{ _id: 'd1', title: '', text: 'x' }],
      queries: [{ _id: 'q1', text: 'y' }],
      qrels: { q1: { d1: 2 } },
    });
  });

  it('fails on a missing qrels header, naming the file', async () => {
    await writeRaw('{"_id":"d1","text":"x"}\n', '{"_id":"q1","text":"y"}\n', 'q1\td1\t1\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(/test\.tsv: expected header "query-id\tcorpus-id\tscore"/);
  });

  it('fails on qrels that name unknown documents or queries', async () => {
    await writeRaw('{"_id":"d1","text":"x"}\n', '{"_id":"q1","text":"y"}\n', 'query-id\tcorpus-id\tscore\nq1\td9\t1\n');
    await expect(readBeirDataset(dir)).rejects.toThrow('unknown corpus id "d9" for query "q1"');
    await writeRaw('{"_id":"d1","text":"x"}\n', '{"_id":"q1","text":"y"}\n', 'query-id\tcorpus-id\tscore\nq7\td1\t1\n');
    await expect(readBeirDataset(dir)).rejects.toThrow('unknown query id "q7"');
  });

  it('fails on duplicate ids, bad JSON and missing text with the line', async () => {
    await writeRaw(
      '{"_id":"d1","text":"x"}\n{"_id":"d1","text":"z"}\n',
      '{"_id":"q1","text":"y"}\n',
      'query-id\tcorpus-id\tscore\n',
    );
    await expect(readBeirDataset(dir)).rejects.toThrow('duplicate _id "d1"');
    await writeRaw('{"_id":"d1","text":"x"}\n{oops\n', '{"_id":"q1","text":"y"}\n', 'query-id\tcorpus-id\tscore\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(/corpus\.jsonl:2: not valid JSON/);
    await writeRaw('{"_id":"d1"}\n', '{"_id":"q1","text":"y"}\n', 'query-id\tcorpus-id\tscore\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(/corpus\.jsonl:1: field "text" is missing/);
  });
});
