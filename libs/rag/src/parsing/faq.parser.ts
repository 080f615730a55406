import { parse as parseCsv } from 'csv-parse/sync';
import { DocumentBuilder } from './document-builder';
import { DocumentParseError } from './document.exceptions';
import { ANSWER_FIELDS, CATEGORY_FIELDS, findField, normalizeFieldName, QUESTION_FIELDS } from './faq-fields';
import { FaqPair, ParsedDocument, ParseLimits } from './parsed-document.types';
import { cleanInline, cleanText } from './text-cleaner';

type FaqRecord = Record<string, unknown>;

const JSON_LIST_KEYS = ['faq', 'faqs', 'items', 'questions', 'data', 'entries'];

/** The delimiter that occurs most often in the header line (outside quotes): comma, semicolon or tab. */
function guessDelimiter(text: string): string {
  const header = text.split('\n', 1)[0].replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((delimiter) => [delimiter, header.split(delimiter).length] as const);
  return counts.reduce((best, candidate) => (candidate[1] > best[1] ? candidate : best))[0];
}

function readCsvRecords(text: string): FaqRecord[] {
  try {
    return parseCsv(text, {
      columns: true,
      bom: true,
      delimiter: guessDelimiter(text),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as FaqRecord[];
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    throw new DocumentParseError(`FAQ CSV is malformed${detail}`, { cause: error });
  }
}

function readJsonRecords(text: string): FaqRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DocumentParseError('FAQ JSON is not valid JSON', { cause: error });
  }
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const key = Object.keys(data).find((name) => JSON_LIST_KEYS.includes(normalizeFieldName(name)));
    data = key ? (data as FaqRecord)[key] : [data];
  }
  if (!Array.isArray(data) || !data.every((item) => item && typeof item === 'object' && !Array.isArray(item))) {
    throw new DocumentParseError('FAQ JSON must be a list of objects with "question" and "answer"');
  }
  return data as FaqRecord[];
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function pairOf(record: FaqRecord): FaqPair & { category: string } {
  // Fields are looked up per record: JSON FAQs mix spellings ("question" in one item, "Q" in the next).
  const names = Object.keys(record);
  const field = (accepted: string[]) => {
    const name = findField(names, accepted);
    return name === undefined ? '' : asText(record[name]);
  };
  return {
    question: cleanInline(field(QUESTION_FIELDS)),
    answer: cleanText(field(ANSWER_FIELDS)),
    category: cleanInline(field(CATEGORY_FIELDS)),
  };
}

function toPairs(records: FaqRecord[], format: string): FaqPair[] {
  const fields = [...new Set(records.flatMap((record) => Object.keys(record)))];
  if (!findField(fields, QUESTION_FIELDS) || !findField(fields, ANSWER_FIELDS)) {
    const found = fields.slice(0, 8).join(', ') || 'none';
    throw new DocumentParseError(`FAQ ${format} needs "question" and "answer" fields (found: ${found})`);
  }
  const complete = records.map(pairOf).filter((pair) => pair.question && pair.answer);
  if (complete.length === 0) throw new DocumentParseError(`FAQ ${format} has no complete question/answer pairs`);
  return complete.map(({ category, ...pair }) => (category ? { ...pair, category } : pair));
}

/** Each pair becomes one standalone section, so it is retrieved and cited whole. */
function buildFaqDocument(pairs: FaqPair[], type: 'faq-csv' | 'faq-json', limits: ParseLimits): ParsedDocument {
  const builder = new DocumentBuilder(limits.maxTextChars);
  for (const pair of pairs) {
    builder.addStandaloneSection(`Q: ${pair.question}\nA: ${pair.answer}`, pair.category ? [pair.category] : []);
  }
  return builder.build(type, undefined, pairs);
}

export function parseFaqCsv(text: string, limits: ParseLimits): ParsedDocument {
  return buildFaqDocument(toPairs(readCsvRecords(text), 'CSV'), 'faq-csv', limits);
}

export function parseFaqJson(text: string, limits: ParseLimits): ParsedDocument {
  return buildFaqDocument(toPairs(readJsonRecords(text), 'JSON'), 'faq-json', limits);
}
