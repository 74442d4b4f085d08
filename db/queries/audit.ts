import { and, desc, eq, sql } from "drizzle-orm";

import type { Db } from "../client";
import { auditLog, users } from "../schema";

type Tx = Pick<Db, "insert" | "select">;

export interface AuditEntryInput {
  workspaceId: number;
  userId: number | null;
  entity: string;
  entityId?: number | null;
  action: string;
  summary?: string;
  before?: unknown;
  after?: unknown;
}

export async function writeAudit(tx: Tx, e: AuditEntryInput) {
  await tx.insert(auditLog).values({
    workspaceId: e.workspaceId,
    userId: e.userId,
    entity: e.entity,
    entityId: e.entityId ?? null,
    action: e.action,
    summary: e.summary ?? "",
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

export async function listAudit(db: Db, opts: { workspaceId: number; entity?: string; entityId?: number; page?: number; pageSize?: number }) {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, opts.pageSize ?? 20));
  const where = and(
    eq(auditLog.workspaceId, opts.workspaceId),
    opts.entity ? eq(auditLog.entity, opts.entity) : undefined,
    opts.entityId !== undefined ? eq(auditLog.entityId, opts.entityId) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        entity: auditLog.entity,
        entityId: auditLog.entityId,
        action: auditLog.action,
        summary: auditLog.summary,
        before: auditLog.before,
        after: auditLog.after,
        createdAt: auditLog.createdAt,
        userEmail: users.email,
        userName: users.name,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.userId))
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: sql<number>`count(*)` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows, total, page, pageSize };
}
