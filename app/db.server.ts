import { createDb, type Db } from "../db/client";
import { getEnv } from "./env.server";

// One client per process; survives Remix dev rebuilds through globalThis.
const g = globalThis as unknown as { __kbDb?: Db };

export function getDb(): Db {
  if (!g.__kbDb) {
    const env = getEnv();
    g.__kbDb = createDb(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  }
  return g.__kbDb;
}

/** Closes the process-wide client (the CLI, when a command is done); a later getDb() opens a new one. */
export function closeDb() {
  g.__kbDb?.$client.close();
  g.__kbDb = undefined;
}
