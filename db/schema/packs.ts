/** Industry packs (issue 5): subscriptions and archived merchant answers. */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

import { now } from "./columns";
import { workspaces } from "./core";

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
