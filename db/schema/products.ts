/**
 * The product knowledge base (商品知识库, issue 16): a catalogue per workspace, each product's
 * attributes as ordered key/value pairs and an optional size chart (height/weight ranges → size).
 * The platform's 商品ID is what 千牛 passes to the bot, so it is the product's key in a workspace.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { botSessions } from "./bot";
import { now } from "./columns";
import { workspaces } from "./core";

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The platform's 商品ID. */
    externalId: text("external_id").notNull(),
    title: text("title").notNull(),
    category: text("category").notNull().default(""),
    priceBand: text("price_band").notNull().default(""),
    link: text("link").notNull().default(""),
    imageUrl: text("image_url").notNull().default(""),
    onSale: integer("on_sale", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("products_ext").on(t.workspaceId, t.externalId), index("products_ws_category").on(t.workspaceId, t.category)],
);

export const productAttributes = sqliteTable(
  "product_attributes",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.key] })],
);

/** One row of a size chart; a missing bound is open (e.g. "175cm 以上"). Weights in kg, heights in cm. */
export const productSizeRows = sqliteTable(
  "product_size_rows",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    size: text("size").notNull(),
    heightMin: real("height_min"),
    heightMax: real("height_max"),
    weightMin: real("weight_min"),
    weightMax: real("weight_max"),
  },
  (t) => [primaryKey({ columns: [t.productId, t.position] })],
);

/** The product a bot session is about (the API's productId, remembered for later turns). */
export const botSessionProducts = sqliteTable("bot_session_products", {
  sessionId: integer("session_id")
    .primaryKey()
    .references(() => botSessions.id, { onDelete: "cascade" }),
  externalId: text("external_id").notNull(),
  updatedAt: integer("updated_at").notNull().default(now),
});
