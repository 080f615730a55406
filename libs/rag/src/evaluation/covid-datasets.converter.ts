import { join } from 'node:path';
import { BeirDataset, BeirDocument, BeirQuery } from './beir-dataset.types';
import { readJsonLines } from './json-lines';
import { readQrelsTsv } from './qrels-tsv';

interface CovidFaqEntry {
  faq_id: string;
  question: string;
  answer: string;
  source?: string;
  link?: string;
  category?: string;
  last_update?: string;
}

interface CovidFaqQuery {
  qid: string;
  query: string;
  matched_faq_question?: string;
}

interface CovidQaArticle {
  doc_id: string;
  title?: string;
  text: string;
}

interface CovidQaQuestion {
  qid: string;
  question: string;
  doc_id: string;
  answers?: { text: string; answer_start: number }[];
}

/**
 * covid_faq (deepset COVID-QA FAQ set): one BEIR document per FAQ entry, with the FAQ question as
 * `title` and the answer as `text` (BEIR retrievers index title + text, as Seed indexes Q + A).
 */
export async function convertCovidFaq(sourceDir: string): Promise<BeirDataset> {
  const entries = await readJsonLines<CovidFaqEntry>(join(sourceDir, 'faq_corpus.jsonl'));
  const rawQueries = await readJsonLines<CovidFaqQuery>(join(sourceDir, 'queries.jsonl'));
  const corpus = entries.map(({ faq_id, question, answer, ...metadata }): BeirDocument => ({
    _id: faq_id,
    title: question,
    text: answer,
    metadata,
  }));
  const queries = rawQueries.map((query): BeirQuery => ({
    _id: query.qid,
    text: query.query,
    metadata: { matched_faq_question: query.matched_faq_question },
  }));
  return { corpus, queries, qrels: await readQrelsTsv(join(sourceDir, 'qrels.tsv')) };
}

/**
 * covid_qa (SQuAD-style questions over 98 articles): one BEIR document per article; the gold answer
 * spans stay in the query metadata for answer-level checks after retrieval.
 */
export async function convertCovidQa(sourceDir: string): Promise<BeirDataset> {
  const articles = await readJsonLines<CovidQaArticle>(join(sourceDir, 'corpus.jsonl'));
  const questions = await readJsonLines<CovidQaQuestion>(join(sourceDir, 'questions.jsonl'));
  const corpus = articles.map((article): BeirDocument => ({
    _id: article.doc_id,
    title: article.title ?? '',
    text: article.text,
  }));
  const queries = questions.map((question): BeirQuery => ({
    _id: question.qid,
    text: question.question,
    metadata: { doc_id: question.doc_id, answers: question.answers ?? [] },
  }));
  return { corpus, queries, qrels: await readQrelsTsv(join(sourceDir, 'qrels.tsv')) };
}

export const COVID_DATASETS = {
  covid_faq: convertCovidFaq,
  covid_qa: convertCovidQa,
} as const;

export type CovidDatasetName = keyof typeof COVID_DATASETS;
