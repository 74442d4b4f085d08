/**
 * Errors from the core carry a code from one table so that the UI and the CLI can say what went
 * wrong in words a trainer understands (conventions.md).
 */
export type KbErrorCode =
  | "FILE_TYPE"
  | "FILE_MALFORMED"
  | "FILE_TOO_LARGE"
  | "DIMENSION_MISMATCH"
  | "INDEX_CORRUPT"
  | "MODEL_NOT_FOUND"
  | "MODEL_LOAD_FAILED"
  | "EMPTY_KB"
  | "BAD_INPUT"
  | "BATCH_BUSY"
  | (string & {});

export class KbError extends Error {
  constructor(
    public readonly code: KbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "KbError";
  }
}
