/** The chat-log core (issue 4): parse exports, clean and mask turns, group questions, report. */
export {
  type CleaningSettings,
  type CleanResult,
  cleanTurn,
  defaultCleaningSettings,
  isGreeting,
  isQuestion,
  isSystemMessage,
  type NoiseReason,
  splitMergedMessage,
} from "./clean";
export { type CsvRecord, readCsvRecords, sniffDelimiter } from "./csv";
export { bigramJaccard, type GroupOptions, groupQuestions, type QuestionCluster, type Similarity } from "./group";
export { guessMapping, mapRole, parseMapArg } from "./mapping";
export {
  defaultMaskSettings,
  isValidIdCard15,
  isValidIdCard18,
  luhnValid,
  MASK_PLACEHOLDERS,
  maskPersonalData,
  type MaskResult,
  type MaskSettings,
} from "./mask";
export { detectFormat, LOG_FILE_TYPES, parseLogFile, parseLogFileAll, type ParseOptions, previewLogFile, resolveColumns, roleFromNickname } from "./parse";
export {
  type CleanedTurn,
  type DuplicateRow,
  LogBatch,
  type ProcessedChunk,
  processLogFile,
  processLogFileAll,
  type ProcessOptions,
  turnHash,
} from "./process";
export { addMasked, createBatchReport, MAX_REPORT_ERRORS, mergeBatchReports, recordRow, type ReportedBatch, type RowOutcome } from "./report";
export { type ParsedTime, parseTime } from "./time";
export type * from "./types";
