/** The bot (issue 3): synonyms, API keys, conversations with the bot, embedding cache. */
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { DECISIONS } from "../../training/decisions";
import { now } from "./columns";
import { faqs, users, workspaces } from "./core";

/** Synonym groups applied by the engine at index and query time (发货/寄出/发出). */
export const synonymGroups = sqliteTable(
  "synonym_groups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    terms: text("terms", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("synonyms_ws").on(t.workspaceId)],
);

/** Per-workspace keys for the bot API; only a hash is stored, the key is shown once. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    revokedAt: integer("revoked_at"),
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("api_keys_ws").on(t.workspaceId)],
);

export const CHANNELS = ["api", "simulator", "suite"] as const;
// The one list of decisions lives in the core (training/decisions.ts) so the browser can share it.
export { type Decision, DECISIONS } from "../../training/decisions";

/** A customer conversation with the bot (API, simulator or a test-suite run). */
export const botSessions = sqliteTable(
  "bot_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    externalId: text("external_id").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("bot_sessions_ext").on(t.workspaceId, t.channel, t.externalId)],
);

/** Every bot reply, as the metrics read them. */
export const botTurns = sqliteTable(
  "bot_turns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => botSessions.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    matchedText: text("matched_text"),
    decision: text("decision", { enum: DECISIONS }).notNull(),
    faqId: integer("faq_id").references(() => faqs.id, { onDelete: "set null" }),
    confidence: real("confidence").notNull().default(0),
    reason: text("reason"),
    reply: text("reply"),
    suggestions: text("suggestions", { mode: "json" }).$type<{ faqId: number; question: string; confidence: number }[]>().notNull().default([]),
    mode: text("mode", { enum: ["auto", "assisted"] })
      .notNull()
      .default("auto"),
    latencyMs: real("latency_ms").notNull().default(0),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("bot_turns_ws_time").on(t.workspaceId, t.createdAt), index("bot_turns_session").on(t.sessionId)],
);

/** Pretrained sentence embeddings by (model, hash of the normalized text). */
export const embeddingCache = sqliteTable(
  "embedding_cache",
  {
    model: text("model").notNull(),
    textHash: text("text_hash").notNull(),
    vector: blob("vector", { mode: "buffer" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.model, t.textHash] })],
);
