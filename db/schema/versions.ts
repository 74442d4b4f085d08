/**
 * Knowledge-base versions (issue 13): a published version is a numbered, immutable snapshot of
 * everything the bot uses (db/queries/bot-content.ts) with its trained engine, so that every app
 * instance loads the same bot from the database and never retrains it. Rows are never updated (a
 * trigger in a custom migration refuses it); a rollback publishes an earlier snapshot again as a
 * new number that names what it restores.
 */
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { now } from "./columns";
import { users, workspaces } from "./core";

export interface VersionStats {
  faqs: number;
  variants: number;
  synonyms: number;
}

export interface GateFailure {
  suite: string | null;
  text: string;
  expected: string;
  got: string;
}

export interface GateOutcome {
  /** False when no gate was configured (or a rollback, which republishes a version that passed once). */
  required: boolean;
  passed: boolean;
  passRate: number | null;
  failures: GateFailure[];
  /** An admin published despite a failing gate, with this reason (audited). */
  overrideReason: string | null;
}

export const kbVersions = sqliteTable(
  "kb_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** 1, 2, 3 … per workspace. */
    number: integer("number").notNull(),
    note: text("note").notNull().default(""),
    /** The number of the version this one publishes again (a rollback), else null. */
    restores: integer("restores"),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    /** The engine fingerprint of the content (engine-input.ts). */
    fingerprint: text("fingerprint").notNull(),
    /** The BotContent snapshot (JSON). */
    content: text("content", { mode: "json" }).$type<unknown>().notNull(),
    stats: text("stats", { mode: "json" }).$type<VersionStats>().notNull(),
    gate: text("gate", { mode: "json" }).$type<GateOutcome>().notNull(),
  },
  (t) => [uniqueIndex("kb_versions_ws_number").on(t.workspaceId, t.number), index("kb_versions_ws_id").on(t.workspaceId, t.id)],
);

/**
 * A version's trained artefacts, apart from the row so that listing versions stays light: the
 * serialized engine ("engine") and, for large KBs, the HNSW graph ("ann") and its sidecar ("ann.meta").
 */
export const kbVersionFiles = sqliteTable(
  "kb_version_files",
  {
    versionId: integer("version_id")
      .notNull()
      .references(() => kbVersions.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    data: blob("data", { mode: "buffer" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.name] })],
);
