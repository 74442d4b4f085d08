/** The chat-log core (issue 4): parse exports, clean and mask turns, group questions, report. */
export type * from "./types";
export { guessMapping, parseMapArg, mapRole } from "./mapping";
export { parseTime, type ParsedTime } from "./time";
export { readCsvRecords, sniffDelimiter, type CsvRecord } from "./csv";
export { detectFormat, parseLogFile, parseLogFileAll, previewLogFile, resolveColumns, roleFromNickname, type ParseOptions } from "./parse";
export {
  MASK_PLACEHOLDERS,
  defaultMaskSettings,
  maskPersonalData,
  isValidIdCard18,
  isValidIdCard15,
  luhnValid,
  type MaskSettings,
  type MaskResult,
} from "./mask";
export {
  cleanTurn,
  defaultCleaningSettings,
  splitMergedMessage,
  isGreeting,
  isSystemMessage,
  isQuestion,
  type CleaningSettings,
  type CleanResult,
  type NoiseReason,
} from "./clean";
export { createBatchReport, recordRow, mergeBatchReports, addMasked, MAX_REPORT_ERRORS, type ReportedBatch, type RowOutcome } from "./report";
export { turnHash, LogBatch, processLogFile, processLogFileAll, type CleanedTurn, type DuplicateRow, type ProcessedChunk, type ProcessOptions } from "./process";
export { groupQuestions, bigramJaccard, type QuestionCluster, type Similarity, type GroupOptions } from "./group";
