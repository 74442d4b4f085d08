/**
 * The database client: libsql (embedded file by default, or a libsql server when several
 * app instances share one database), wrapped by drizzle. Migrations run before anything
 * else touches the database.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";

import * as schema from "./schema";

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

export const DEFAULT_DATABASE_URL = "file:./data/kb-studio.db";

function migrationsFolder() {
  // Works from the source tree (tsx, vitest) and from the Remix server build (build/server/),
  // which does not carry the SQL files: look upwards for db/migrations.
  const candidates = [
    process.env.KB_MIGRATIONS_DIR,
    path.resolve(process.cwd(), "db/migrations"),
    typeof __dirname !== "undefined" ? path.resolve(__dirname, "migrations") : undefined,
  ];
  try {
    candidates.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations"));
  } catch {
    /* not an ES module context */
  }
  for (const c of candidates) if (c && fs.existsSync(path.join(c, "meta/_journal.json"))) return c;
  throw new Error("db/migrations not found (set KB_MIGRATIONS_DIR)");
}

export function createDb(url: string = DEFAULT_DATABASE_URL, authToken?: string): Db {
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).split("?")[0];
    if (file && file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  // The client keeps a pool of connections (a transaction borrows its own), so per-connection
  // settings go in the config, not in a PRAGMA on one connection: `timeout` is SQLite's busy
  // timeout, so that the server, the CLI and a test process can share one file. libsql turns
  // foreign keys on for every connection by itself.
  const client = createClient({ url, authToken, intMode: "number", timeout: 5000 });
  return drizzle(client, { schema }) as Db;
}

export async function prepareDb(db: Db) {
  const url = String((db.$client as unknown as { url?: string }).url ?? "");
  if (!url.startsWith("http") && !url.startsWith("libsql") && !url.startsWith("ws")) {
    // Embedded database: WAL lets the dashboard read while an import writes; a busy timeout
    // lets the CLI and the server share the file.
    await db.$client.execute("PRAGMA journal_mode = WAL").catch(() => undefined);
  }
  await db.$client.execute("PRAGMA foreign_keys = ON");
}

export async function migrateDb(db: Db) {
  await prepareDb(db);
  await migrate(db, { migrationsFolder: migrationsFolder() });
}

/** A fresh migrated database, for tests and throwaway knowledge bases. */
export async function createTestDb(url = ":memory:"): Promise<Db> {
  const db = createDb(url);
  await migrateDb(db);
  return db;
}
