import { createDb, type Db, DEFAULT_DATABASE_URL, migrateDb } from "../db/client";

/** The CLI's database: the same DATABASE_URL as the server, migrated before use. */
export async function openDb(): Promise<Db> {
  const db = createDb(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, process.env.DATABASE_AUTH_TOKEN);
  await migrateDb(db);
  return db;
}
