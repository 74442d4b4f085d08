import type { listAudit } from "../../../db/queries/audit";

type AuditRecord = Awaited<ReturnType<typeof listAudit>>["rows"][number];

/**
 * An audit entry as the loaders hand it to the page: when, who (the name, else the email, else
 * nobody: the system) and its before/after snapshots, for the audit log and a FAQ's history alike.
 */
export function auditEntryView(x: AuditRecord) {
  return {
    id: x.id,
    action: x.action,
    createdAt: x.createdAt,
    who: x.userName || x.userEmail || null,
    before: x.before as Record<string, unknown> | null,
    after: x.after as Record<string, unknown> | null,
  };
}
