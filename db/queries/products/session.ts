/** The product a bot session is about: the API's productId, remembered for the session's later turns. */
import { eq, sql } from "drizzle-orm";

import type { Db } from "../../client";
import { botSessionProducts } from "../../schema";

/** Remembers `externalId` for the session when given; returns the session's product (or null). */
export async function sessionProduct(db: Db, sessionId: number, externalId?: string | null): Promise<string | null> {
  if (externalId) {
    await db
      .insert(botSessionProducts)
      .values({ sessionId, externalId })
      .onConflictDoUpdate({ target: botSessionProducts.sessionId, set: { externalId, updatedAt: sql`(cast(unixepoch('subsecond') * 1000 as integer))` } });
    return externalId;
  }
  const [row] = await db.select({ externalId: botSessionProducts.externalId }).from(botSessionProducts).where(eq(botSessionProducts.sessionId, sessionId));
  return row?.externalId ?? null;
}
