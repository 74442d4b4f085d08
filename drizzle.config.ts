import type { Config } from "drizzle-kit";

export default {
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  dialect: "turso",
  dbCredentials: { url: process.env.DATABASE_URL ?? "file:./data/kb-studio.db" },
} satisfies Config;
