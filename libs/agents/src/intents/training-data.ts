import { readFileSync } from 'node:fs';
import { TrainingDataError, TrainingDataErrorCode } from './training-data.exception';

/** One labelled utterance. */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
}

interface CsvRecord {
  readonly fields: string[];
  /** 1-based row of the record's first line. */
  readonly row: number;
}

/** Cursor state while scanning CSV text; kept in one object so the scanner stays a flat loop. */
class CsvScanner {
  readonly records: CsvRecord[] = [];
  private fields: string[] = [];
  private field = '';
  private line = 1;
  private recordRow = 1;

  addChar(ch: string): void {
    if (ch === '\n') this.line++;
    this.field += ch;
  }

  endField(): void {
    this.fields.push(this.field);
    this.field = '';
  }

  endRecord(): void {
    this.endField();
    // A blank line is not a record, but it still counts for the row numbers of what follows.
    if (!(this.fields.length === 1 && this.fields[0].trim() === '')) {
      this.records.push({ fields: this.fields, row: this.recordRow });
    }
    this.fields = [];
    this.line++;
    this.recordRow = this.line;
  }

  get fieldIsEmpty(): boolean {
    return this.field.length === 0;
  }

  get row(): number {
    return this.recordRow;
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsvRecords(content: string): CsvRecord[] {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const scanner = new CsvScanner();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      scanner.addChar('"');
      i++;
    } else if (quoted) {
      if (ch === '"') quoted = false;
      else scanner.addChar(ch);
    } else if (ch === '"' && scanner.fieldIsEmpty) quoted = true;
    else if (ch === ',') scanner.endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      scanner.endRecord();
    } else scanner.addChar(ch);
  }
  if (quoted) {
    const row = scanner.row;
    throw new TrainingDataError(TrainingDataErrorCode.UnterminatedQuote, `Row ${row}: quoted field never closed`, row);
  }
  if (!text.endsWith('\n') && !text.endsWith('\r') && text.length > 0) scanner.endRecord();
  return scanner.records;
}

function findColumn(header: string[], name: string): number {
  const column = header.findIndex((cell) => cell.trim().toLowerCase() === name);
  if (column < 0) {
    throw new TrainingDataError(
      TrainingDataErrorCode.MissingColumn,
      `Row 1: header must name a "${name}" column (found: ${header.join(', ')})`,
      1,
    );
  }
  return column;
}

function toExample(record: CsvRecord, width: number, textColumn: number, labelColumn: number): LabelledText {
  if (record.fields.length !== width) {
    throw new TrainingDataError(
      TrainingDataErrorCode.MalformedRow,
      `Row ${record.row}: expected ${width} fields, found ${record.fields.length} (quote texts that contain commas)`,
      record.row,
    );
  }
  const text = record.fields[textColumn].trim();
  const label = record.fields[labelColumn].trim();
  if (text.length === 0) {
    throw new TrainingDataError(TrainingDataErrorCode.EmptyText, `Row ${record.row}: text is empty`, record.row);
  }
  if (label.length === 0) {
    throw new TrainingDataError(TrainingDataErrorCode.EmptyLabel, `Row ${record.row}: label is empty`, record.row);
  }
  return { text, label };
}

/** Parses `text,label` CSV (a header row naming both columns is required; other columns are ignored). */
export function parseLabelledCsv(content: string): LabelledText[] {
  const [header, ...records] = parseCsvRecords(content);
  if (!header) throw new TrainingDataError(TrainingDataErrorCode.NoExamples, 'The file is empty');
  const textColumn = findColumn(header.fields, 'text');
  const labelColumn = findColumn(header.fields, 'label');
  return records.map((record) => toExample(record, header.fields.length, textColumn, labelColumn));
}

export function readLabelledCsvFile(path: string): LabelledText[] {
  try {
    return parseLabelledCsv(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof TrainingDataError) {
      throw new TrainingDataError(error.code, `${path}: ${error.message}`, error.row);
    }
    throw error;
  }
}

/** Quotes a field only when it needs it, so converted files stay readable. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatLabelledCsv(examples: readonly LabelledText[]): string {
  return ['text,label', ...examples.map((e) => `${csvField(e.text)},${csvField(e.label)}`)].join('\n') + '\n';
}

/** A classifier needs examples of at least two classes; anything less is a configuration mistake. */
export function assertTrainable(examples: readonly LabelledText[]): void {
  if (examples.length === 0) {
    throw new TrainingDataError(TrainingDataErrorCode.NoExamples, 'No training examples were given');
  }
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2) {
    throw new TrainingDataError(
      TrainingDataErrorCode.TooFewClasses,
      `Training data needs at least 2 distinct labels, found only ${[...labels].map((l) => `"${l}"`).join(', ')}`,
    );
  }
}
