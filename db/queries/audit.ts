import { and, desc, eq, sql } from "drizzle-orm";

import type { Db } from "../client";
import { auditLog, LABEL_KINDS, users } from "../schema";
import { pageWindow } from "./paging";

type Tx = Pick<Db, "insert" | "select">;

/**
 * Every kind of audit entry: the entities and, for each, the actions written about it (issue 15
 * item 3: the audit page showed raw keys for kinds it had no wording for). Each entity, action
 * and field below has its zh-CN and en wording (`audit.entity.*`, `audit.action.*`,
 * `audit.field.*` in app/locales); a test checks that every one does.
 */
export const AUDIT_KINDS = {
  faq: ["create", "update", "delete", "import"],
  category: ["create", "update", "delete", "reorder"],
  member: ["create", "update", "delete"],
  import: ["import"],
  settings: ["update"],
  synonyms: ["update"],
  api_key: ["create", "delete"],
  pack: ["subscribe", "unsubscribe", "upgrade", "fill"],
  log_batch: ["import", "delete"],
  log_label: [...LABEL_KINDS, "undo"],
  kb_version: ["publish", "rollback"],
  product_catalogue: ["import"],
  suite_target: ["create", "update", "delete"],
} as const;

export type AuditEntity = keyof typeof AUDIT_KINDS;
export type AuditAction<E extends AuditEntity = AuditEntity> = (typeof AUDIT_KINDS)[E][number];
export const AUDIT_ENTITIES = Object.keys(AUDIT_KINDS) as AuditEntity[];
export const AUDIT_ACTIONS = [...new Set(Object.values(AUDIT_KINDS).flat())] as AuditAction[];

/** The fields an entry's before/after may hold (workspace settings keys among them). */
export const AUDIT_FIELDS = [
  // FAQs, categories, members
  "question",
  "answer",
  "category",
  "variants",
  "keywords",
  "related",
  "enabled",
  "name",
  "order",
  "role",
  // imports and chat-log batches
  "created",
  "updated",
  "unchanged",
  "rejected",
  "read",
  "imported",
  "duplicates",
  "noise",
  "fileName",
  "turns",
  "labels",
  // labels
  "faqId",
  "addedVariants",
  "undone",
  "removedVariants",
  // packs
  "pack",
  "packId",
  "version",
  "fromVersion",
  "toVersion",
  "restored",
  "unanswered",
  "skipped",
  "synonymsAdded",
  "removed",
  "archived",
  "filled",
  "added",
  "kept",
  "deleted",
  "changed",
  // keys and synonyms
  "apiKey",
  "synonyms",
  // workspace settings (db/queries/settings.ts)
  "mode",
  "fallbackReply",
  "transferReply",
  "welcomeMessage",
  "welcomeCards",
  "answerThreshold",
  "clarifyThreshold",
  "maxFailures",
  "sensitiveKeywords",
  "humanKeywords",
  "complaintKeywords",
  "defaultAnswer",
  "shopProfile",
  "onboarded",
  "trainersCanPublish",
  "publishGate",
  // knowledge-base versions
  "note",
  "restores",
  "faqs",
  "gate",
  "overrideReason",
  // suite targets (external bots)
  "url",
  "headers",
] as const;

export type AuditField = (typeof AUDIT_FIELDS)[number];
export type AuditSnapshot = Partial<Record<AuditField, unknown>> | null;

export interface AuditEntryInput<E extends AuditEntity = AuditEntity> {
  workspaceId: number;
  userId: number | null;
  entity: E;
  entityId?: number | null;
  action: AuditAction<E>;
  /** Data, not a sentence (a name, a file name): the page words the entity and the action. */
  summary?: string;
  before?: AuditSnapshot;
  after?: AuditSnapshot;
}

export async function writeAudit<E extends AuditEntity>(tx: Tx, e: AuditEntryInput<E>) {
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
  const { page, pageSize, offset } = pageWindow(opts, { min: 1, max: 200 });
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
      .offset(offset),
    db
      .select({ total: sql<number>`count(*)` })
      .from(auditLog)
      .where(where),
  ]);
  return { rows, total, page, pageSize };
}

/** How a person is shown wherever the studio names who did something: the name, else the email. */
export const userDisplayName = sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`;
