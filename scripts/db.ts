import { closeDb, getDb } from "~/db.server";

import { type Db, migrateDb } from "../db/client";

/**
 * The CLI's database: the app's own process-wide client (the same DATABASE_URL and DATA_DIR as
 * the server, so that the CLI decides with the engine the server saved), migrated before use.
 */
export async function openDb(): Promise<Db> {
  const db = getDb();
  await migrateDb(db);
  return db;
}

export { closeDb };
