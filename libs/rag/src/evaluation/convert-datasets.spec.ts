import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readBeirDataset } from './beir-dataset.reader';
import { convertDatasets } from './convert-datasets';

// The public datasets live beside the repository (../shared/data) and are read in place.
const DATA_DIR = resolve(__dirname, '../../../../../shared/data');

describe('convertDatasets (real covid_faq and covid_qa)', () => {
  let outDir: string;
  beforeAll(async () => {
    if (!existsSync(join(DATA_DIR, 'covid_faq'))) throw new Error(`public datasets missing at ${DATA_DIR}`);
    outDir = await mkdtemp(join(tmpdir(), 'seed-eval-'));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes both datasets in BEIR layout with the documented counts', async () => {
    const summaries = await convertDatasets(DATA_DIR, outDir);
    expect(summaries.map(({ name, corpus, queries, qrels }) => ({ name, corpus, queries, qrels }))).toEqual([
      { name: 'covid_faq', corpus: 213, queries: 244, qrels: 260 },
      { name: 'covid_qa', corpus: 98, queries: 1380, qrels: 1380 },
    ]);

    const faq = await readBeirDataset(join(outDir, 'covid_faq'));
    expect(faq.corpus[0]).toMatchObject({ _id: 'faq_000', title: 'What is a novel coronavirus?' });
    expect(faq.corpus[0].text).toMatch(/^A novel coronavirus is a new coronavirus/);
    expect(faq.queries[0]).toMatchObject({ _id: 'covfaq_q000', text: 'What is a new coronavirus?' });
    expect(faq.qrels.covfaq_q002).toEqual({ faq_002: 1, faq_022: 1 });

    const qa = await readBeirDataset(join(outDir, 'covid_qa'));
    const question = qa.queries.find((q) => q._id === '262')!;
    expect(question.text).toBe('What is the main cause of HIV-1 infection in children?');
    expect(qa.qrels['262']).toEqual({ '630': 1 });
    // Gold answer spans survive in metadata and still point into their article.
    const [answer] = question.metadata!.answers as { text: string; answer_start: number }[];
    const article = qa.corpus.find((d) => d._id === '630')!;
    expect(article.text.slice(answer.answer_start, answer.answer_start + answer.text.length)).toBe(answer.text);
  });
});
