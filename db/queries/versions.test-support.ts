import { and, asc, eq } from "drizzle-orm";

import type { Db } from "../client";
import { auditLog } from "../schema";

/** The actions of a workspace's version audit entries, oldest first. */
export async function auditKindsOf(db: Db, workspaceId: number) {
  const rows = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.entity, "kb_version")))
    .orderBy(asc(auditLog.id));
  return rows.map((r) => r.action);
}
