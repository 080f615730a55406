export enum TrainingDataErrorCode {
  NoExamples = 'NO_EXAMPLES',
  TooFewClasses = 'TOO_FEW_CLASSES',
  MissingColumn = 'MISSING_COLUMN',
  MalformedRow = 'MALFORMED_ROW',
  UnterminatedQuote = 'UNTERMINATED_QUOTE',
  EmptyText = 'EMPTY_TEXT',
  EmptyLabel = 'EMPTY_LABEL',
  InvalidOption = 'INVALID_OPTION',
}

/**
 * Raised when training input cannot make a usable model. `row` is the 1-based CSV row (the header is
 * row 1, as in a spreadsheet) so an admin can find the offending line.
 */
export class TrainingDataError extends Error {
  override readonly name = 'TrainingDataError';

  constructor(
    readonly code: TrainingDataErrorCode,
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}
