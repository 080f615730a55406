/**
 * Domain errors of document ingestion. Each carries a stable `code` so the API maps them to HTTP in
 * one place (UnsupportedDocumentType → 415, DocumentParseFailed → 422) without matching on messages.
 */
export type DocumentErrorCode = 'UnsupportedDocumentType' | 'DocumentParseFailed';

export abstract class DocumentError extends Error {
  abstract readonly code: DocumentErrorCode;

  /** A sentence an admin can act on; safe to show because it never contains file content or paths. */
  readonly reason: string;

  protected constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.reason = reason;
  }
}

/** The content is not a format Seed ingests (checked by content, not by file name). */
export class UnsupportedDocumentType extends DocumentError {
  readonly code = 'UnsupportedDocumentType' as const;
  override readonly name = 'UnsupportedDocumentType';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}

/** The format is supported but this file cannot be turned into text: corrupt, encrypted, too big, empty. */
export class DocumentParseError extends DocumentError {
  readonly code = 'DocumentParseFailed' as const;
  override readonly name = 'DocumentParseError';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
  }
}

export function isDocumentError(error: unknown): error is DocumentError {
  return error instanceof DocumentError;
}
