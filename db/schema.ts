/**
 * The database schema (drizzle, SQLite dialect via libsql). Timestamps are integer
 * milliseconds since the epoch; JSON columns hold small lists (keywords, settings).
 */
import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const ROLES = ["admin", "trainer", "qa", "manager"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name").notNull().default(""),
  passwordHash: text("password_hash").notNull(),
  locale: text("locale").notNull().default("zh-CN"),
  createdAt: integer("created_at").notNull().default(now),
});

export const workspaces = sqliteTable("workspaces", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  /** JSON: workspace settings (fallback reply, thresholds overrides, mode …). */
  settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
  createdAt: integer("created_at").notNull().default(now),
});

export const memberships = sqliteTable(
  "memberships",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.userId, t.workspaceId] }), index("memberships_ws").on(t.workspaceId)],
);

export const categories = sqliteTable(
  "categories",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("categories_ws_name").on(t.workspaceId, t.name)],
);

export const faqs = sqliteTable(
  "faqs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    question: text("question").notNull(),
    answer: text("answer").notNull().default(""),
    keywords: text("keywords", { mode: "json" }).$type<string[]>().notNull().default([]),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
    /** Set when the FAQ comes from an industry pack (issue 5): its standard question and pack variants are read-only. */
    packId: text("pack_id"),
    packKey: text("pack_key"),
    packVersion: text("pack_version"),
  },
  (t) => [index("faqs_ws_cat").on(t.workspaceId, t.categoryId), uniqueIndex("faqs_ws_pack_key").on(t.workspaceId, t.packId, t.packKey)],
);

/**
 * Phrasing variants (相似问法). The standard question is stored here too (isStandard), so
 * that one unique index on (workspace, normalized key) refuses a phrasing that belongs to
 * two FAQs, and so that the engine sees the standard question as a variant.
 */
export const variants = sqliteTable(
  "variants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    faqId: integer("faq_id")
      .notNull()
      .references(() => faqs.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    normKey: text("norm_key").notNull(),
    isStandard: integer("is_standard", { mode: "boolean" }).notNull().default(false),
    /** merchant (typed or imported by the shop) | pack (owned by an industry pack) */
    source: text("source", { enum: ["merchant", "pack"] })
      .notNull()
      .default("merchant"),
    position: integer("position").notNull().default(0),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("variants_ws_key").on(t.workspaceId, t.normKey), index("variants_faq").on(t.faqId)],
);

export const faqRelations = sqliteTable(
  "faq_relations",
  {
    faqId: integer("faq_id")
      .notNull()
      .references(() => faqs.id, { onDelete: "cascade" }),
    relatedFaqId: integer("related_faq_id")
      .notNull()
      .references(() => faqs.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.faqId, t.relatedFaqId] })],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    /** faq | category | member | import | settings */
    entity: text("entity").notNull(),
    entityId: integer("entity_id"),
    /** create | update | delete | import … */
    action: text("action").notNull(),
    summary: text("summary").notNull().default(""),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("audit_ws_time").on(t.workspaceId, t.createdAt), index("audit_entity").on(t.workspaceId, t.entity, t.entityId)],
);

/* ------------------------------------------------------------------ the bot (issue 3) */

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
export const DECISIONS = ["answer", "clarify", "no_answer", "transfer"] as const;
export type Decision = (typeof DECISIONS)[number];

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

/* ------------------------------------------------------------------ chat logs (issue 4) */

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

export const LABEL_KINDS = ["variant", "new_faq", "chitchat", "transfer", "correct", "wrong", "ignore"] as const;

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

/* ------------------------------------------------------------------ industry packs (issue 5) */

export const packSubscriptions = sqliteTable(
  "pack_subscriptions",
  {
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    packId: text("pack_id").notNull(),
    version: text("version").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    subscribedAt: integer("subscribed_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.packId] })],
);

/** A merchant's answers and additions to pack questions, kept while unsubscribed. */
export const packArchive = sqliteTable(
  "pack_archive",
  {
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    packId: text("pack_id").notNull(),
    packKey: text("pack_key").notNull(),
    answer: text("answer").notNull().default(""),
    variants: text("variants", { mode: "json" }).$type<string[]>().notNull().default([]),
    keywords: text("keywords", { mode: "json" }).$type<string[]>().notNull().default([]),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    archivedAt: integer("archived_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.packId, t.packKey] })],
);
