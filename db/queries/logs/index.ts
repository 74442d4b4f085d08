/**
 * Chat logs in the database (issue 4), one file per job: import a file as one batch
 * (import.ts), replay customer turns through the bot (replay.ts), the labeling inbox (inbox.ts,
 * its cache in inbox-cache.ts), labels with undo and accuracy (labels.ts), export (export.ts).
 * Shared by the app (app/models/logs.server.ts) and the `kb logs:*` commands; the parsing and
 * cleaning itself is training/logs.
 */
export { LABEL_KINDS, type LabelKind } from "../../schema";
export * from "./export";
export * from "./import";
export * from "./inbox";
export * from "./labels";
export * from "./noise";
export * from "./replay";
