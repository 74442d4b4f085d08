/** Chat logs (issue 4): imported batches, their turns and trainers' labels. */
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { DECISIONS } from "../../training/decisions";
import { LABEL_KINDS } from "../../training/logs/labels";
import { now } from "./columns";
import { faqs, users, workspaces } from "./core";

export const logBatches = sqliteTable(
  "log_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    contentHash: text("content_hash").notNull(),
    format: text("format").notNull(),
    encoding: text("encoding"),
    status: text("status", { enum: ["running", "done", "failed"] })
      .notNull()
      .default("running"),
    /** The batch report: read, imported, duplicates, noise, rejected, masked, errors … */
    report: text("report", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("log_batches_hash").on(t.workspaceId, t.contentHash)],
);

export const LOG_ROLES = ["customer", "agent", "bot", "system"] as const;

export const logTurns = sqliteTable(
  "log_turns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => logBatches.id, { onDelete: "cascade" }),
    sessionKey: text("session_key").notNull(),
    seq: integer("seq").notNull(),
    role: text("role", { enum: LOG_ROLES }).notNull(),
    time: integer("time"),
    /** As imported; readable by admins only. */
    rawText: text("raw_text").notNull(),
    /** Normalized and masked: what everyone else, the engine and exports see. */
    text: text("text").notNull(),
    normKey: text("norm_key").notNull().default(""),
    noise: text("noise"),
    masked: text("masked", { mode: "json" }).$type<Record<string, number>>().notNull().default({}),
    hash: text("hash").notNull(),
    decision: text("decision", { enum: DECISIONS }),
    faqId: integer("faq_id").references(() => faqs.id, { onDelete: "set null" }),
    confidence: real("confidence"),
    replayedAt: integer("replayed_at"),
  },
  (t) => [
    uniqueIndex("log_turns_hash").on(t.workspaceId, t.hash),
    index("log_turns_batch").on(t.batchId),
    index("log_turns_session").on(t.workspaceId, t.sessionKey, t.seq),
    index("log_turns_key").on(t.workspaceId, t.normKey),
    // The inbox: its queues filter customer turns by decision, its clusters group them by key
    // (200k turns: queue counts 650 → 190 ms, unmatched clusters 640 → 420 ms of SQL).
    index("log_turns_role_decision").on(t.workspaceId, t.role, t.decision),
    index("log_turns_role_key").on(t.workspaceId, t.role, t.normKey),
  ],
);

// The one list of label kinds lives in the core (training/logs/labels.ts) so the browser can share it.
export { LABEL_KINDS, type LabelKind } from "../../training/logs/labels";

/** A trainer's label on a log turn, with the bot's decision at that time (店小蜜's label shape). */
export const logLabels = sqliteTable(
  "log_labels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    turnId: integer("turn_id")
      .notNull()
      .references(() => logTurns.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: LABEL_KINDS }).notNull(),
    /** The FAQ the label points at (variant of, new FAQ, the right FAQ for "wrong"). */
    faqId: integer("faq_id").references(() => faqs.id, { onDelete: "set null" }),
    botDecision: text("bot_decision", { enum: DECISIONS }),
    botFaqId: integer("bot_faq_id").references(() => faqs.id, { onDelete: "set null" }),
    botConfidence: real("bot_confidence"),
    correct: integer("correct", { mode: "boolean" }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    undoneAt: integer("undone_at"),
  },
  (t) => [index("log_labels_turn").on(t.turnId), index("log_labels_ws_time").on(t.workspaceId, t.createdAt)],
);
