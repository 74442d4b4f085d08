/** Accounts, workspaces (shops), the FAQ knowledge base and its audit log (issue 2). */
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { now } from "./columns";

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
    /**
     * A pack question that a higher-ranked FAQ already answers (training/packs/coverage.ts): kept
     * and shown, but not matched by the bot. Cleared when the owner FAQ is deleted.
     */
    shadowedBy: integer("shadowed_by").references((): AnySQLiteColumn => faqs.id, { onDelete: "set null" }),
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
