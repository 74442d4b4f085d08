/** Shared column pieces: timestamps are integer milliseconds since the epoch. */
import { sql } from "drizzle-orm";

export const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
