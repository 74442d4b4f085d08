/**
 * The database schema (drizzle, SQLite dialect via libsql), one file per area. Timestamps are
 * integer milliseconds since the epoch; JSON columns hold small lists (keywords, settings).
 * A new area adds its own file here and one export line below.
 */
export * from "./auth";
export * from "./bot";
export * from "./core";
export * from "./jobs";
export * from "./logs";
export * from "./packs";
export * from "./products";
export * from "./suites";
export * from "./versions";
