/**
 * Published knowledge-base versions (issue 13): commit a snapshot with its engine, list, read,
 * the one cheap query every instance polls, and the diff between two contents.
 */
import { and, desc, eq, sql } from "drizzle-orm";

import { KbError } from "../../training/errors";
import type { Db } from "../client";
import { type GateOutcome, kbVersionFiles, kbVersions, users } from "../schema";
import { userDisplayName, writeAudit } from "./audit";
import { type BotContent, type BotContentFaq, contentStats } from "./bot-content";

export type VersionRow = typeof kbVersions.$inferSelect;
export type VersionSummary = Omit<VersionRow, "content"> & { createdByName: string | null };

export interface VersionFiles {
  engine: Uint8Array | null;
  /** The HNSW graph and its sidecar, for large KBs. */
  ann: Uint8Array | null;
  annMeta: Uint8Array | null;
}

export const NO_GATE: GateOutcome = { required: false, passed: true, passRate: null, failures: [], overrideReason: null };

/**
 * Commits a new version (number = last + 1) with its files and an audit entry, in one transaction.
 * Two publishes racing for a number: the unique index makes the loser fail, never overwrite.
 */
export async function commitVersion(
  db: Db,
  opts: {
    workspaceId: number;
    userId: number | null;
    note: string;
    content: BotContent;
    fingerprint: string;
    files: VersionFiles;
    gate?: GateOutcome;
    restores?: number | null;
  },
): Promise<VersionRow> {
  const gate = opts.gate ?? NO_GATE;
  const stats = contentStats(opts.content);
  return db.transaction(async (tx) => {
    const [{ last }] = await tx
      .select({ last: sql<number>`coalesce(max(${kbVersions.number}), 0)` })
      .from(kbVersions)
      .where(eq(kbVersions.workspaceId, opts.workspaceId));
    const [row] = await tx
      .insert(kbVersions)
      .values({
        workspaceId: opts.workspaceId,
        number: last + 1,
        note: opts.note,
        restores: opts.restores ?? null,
        createdBy: opts.userId,
        fingerprint: opts.fingerprint,
        content: opts.content,
        stats,
        gate,
      })
      .returning();
    const files = [
      ["engine", opts.files.engine],
      ["ann", opts.files.ann],
      ["ann.meta", opts.files.annMeta],
    ] as const;
    for (const [name, data] of files) if (data) await tx.insert(kbVersionFiles).values({ versionId: row.id, name, data: Buffer.from(data) });
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "kb_version",
      entityId: row.id,
      action: opts.restores ? "rollback" : "publish",
      summary: `v${row.number}`,
      after: {
        version: row.number,
        note: opts.note || undefined,
        restores: opts.restores ?? undefined,
        faqs: stats.faqs,
        variants: stats.variants,
        gate: gate.required ? (gate.passed ? "passed" : "overridden") : undefined,
        overrideReason: gate.overrideReason ?? undefined,
      },
    });
    return row;
  });
}

export async function listVersions(db: Db, opts: { workspaceId: number; page?: number; pageSize?: number }) {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, opts.pageSize ?? 20));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: kbVersions.id,
        number: kbVersions.number,
        note: kbVersions.note,
        restores: kbVersions.restores,
        createdAt: kbVersions.createdAt,
        createdByName: userDisplayName,
        stats: kbVersions.stats,
        gate: kbVersions.gate,
        fingerprint: kbVersions.fingerprint,
      })
      .from(kbVersions)
      .leftJoin(users, eq(users.id, kbVersions.createdBy))
      .where(eq(kbVersions.workspaceId, opts.workspaceId))
      .orderBy(desc(kbVersions.number))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: sql<number>`count(*)` })
      .from(kbVersions)
      .where(eq(kbVersions.workspaceId, opts.workspaceId)),
  ]);
  return { rows, total, page, pageSize };
}

/** A version by number, or the latest with "published"; null when there is none. */
export async function getVersion(db: Db, opts: { workspaceId: number; version: number | "published" }): Promise<VersionRow | null> {
  const where =
    opts.version === "published"
      ? eq(kbVersions.workspaceId, opts.workspaceId)
      : and(eq(kbVersions.workspaceId, opts.workspaceId), eq(kbVersions.number, opts.version));
  const [row] = await db.select().from(kbVersions).where(where).orderBy(desc(kbVersions.number)).limit(1);
  return row ?? null;
}

export async function requireVersion(db: Db, opts: { workspaceId: number; version: number | "published" }): Promise<VersionRow> {
  const row = await getVersion(db, opts);
  if (!row) throw opts.version === "published" ? new KbError("VERSION_NONE_PUBLISHED", {}) : new KbError("VERSION_NOT_FOUND", { version: opts.version });
  return row;
}

export async function versionFiles(db: Db, versionId: number): Promise<VersionFiles> {
  const rows = await db.select().from(kbVersionFiles).where(eq(kbVersionFiles.versionId, versionId));
  const by = new Map(rows.map((r) => [r.name, new Uint8Array(r.data)]));
  return { engine: by.get("engine") ?? null, ann: by.get("ann") ?? null, annMeta: by.get("ann.meta") ?? null };
}

/**
 * The newest version id of every workspace that has published: the one small query each app
 * instance polls (about twice a second) to notice a publish made elsewhere.
 */
export async function latestVersionIds(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .select({ workspaceId: kbVersions.workspaceId, id: sql<number>`max(${kbVersions.id})` })
    .from(kbVersions)
    .groupBy(kbVersions.workspaceId);
  return new Map(rows.map((r) => [r.workspaceId, r.id]));
}

export async function getVersionById(db: Db, id: number): Promise<VersionRow | null> {
  const [row] = await db.select().from(kbVersions).where(eq(kbVersions.id, id));
  return row ?? null;
}

/* ------------------------------------------------------------------ diff */

export interface FieldChange {
  field: "question" | "answer" | "category" | "keywords" | "related" | "enabled";
  before: unknown;
  after: unknown;
}

export interface FaqChange {
  id: number;
  question: string;
  fields: FieldChange[];
  variantsAdded: string[];
  variantsRemoved: string[];
}

export interface ContentDiff {
  faqsAdded: { id: number; question: string; category: string; variants: number }[];
  faqsRemoved: { id: number; question: string; category: string }[];
  faqsChanged: FaqChange[];
  synonymsAdded: string[][];
  synonymsRemoved: string[][];
  settings: { key: string; before: unknown; after: unknown }[];
  /** Nothing differs. */
  same: boolean;
}

function setDiff<T>(a: T[], b: T[], key: (x: T) => string) {
  const ka = new Set(a.map(key));
  const kb = new Set(b.map(key));
  return { added: b.filter((x) => !ka.has(key(x))), removed: a.filter((x) => !kb.has(key(x))) };
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** What changes from `a` (older, e.g. published) to `b` (newer, e.g. the draft). */
export function diffContent(a: BotContent, b: BotContent): ContentDiff {
  const byIdA = new Map(a.faqs.map((f) => [f.id, f]));
  const byIdB = new Map(b.faqs.map((f) => [f.id, f]));
  const qOf = (id: number) => byIdB.get(id)?.question ?? byIdA.get(id)?.question ?? `#${id}`;
  const relatedNames = (f: BotContentFaq) => f.relatedIds.map(qOf);
  const faqsChanged: FaqChange[] = [];
  for (const fb of b.faqs) {
    const fa = byIdA.get(fb.id);
    if (!fa) continue;
    const fields: FieldChange[] = [];
    if (fa.question !== fb.question) fields.push({ field: "question", before: fa.question, after: fb.question });
    if (fa.answer !== fb.answer) fields.push({ field: "answer", before: fa.answer, after: fb.answer });
    if (fa.categoryName !== fb.categoryName) fields.push({ field: "category", before: fa.categoryName, after: fb.categoryName });
    if (!same(fa.keywords, fb.keywords)) fields.push({ field: "keywords", before: fa.keywords, after: fb.keywords });
    if (!same(fa.relatedIds, fb.relatedIds)) fields.push({ field: "related", before: relatedNames(fa), after: relatedNames(fb) });
    if (fa.enabled !== fb.enabled) fields.push({ field: "enabled", before: fa.enabled, after: fb.enabled });
    const v = setDiff(fa.variants, fb.variants, (x) => x);
    if (fields.length || v.added.length || v.removed.length)
      faqsChanged.push({ id: fb.id, question: fb.question, fields, variantsAdded: v.added, variantsRemoved: v.removed });
  }
  const syn = setDiff(a.synonyms, b.synonyms, (g) => g.join("/"));
  const keys = [...new Set([...Object.keys(a.settings), ...Object.keys(b.settings)])].sort();
  const settings = keys
    .map((key) => ({ key, before: (a.settings as Record<string, unknown>)[key], after: (b.settings as Record<string, unknown>)[key] }))
    .filter((s) => !same(s.before, s.after));
  const d: ContentDiff = {
    faqsAdded: b.faqs.filter((f) => !byIdA.has(f.id)).map((f) => ({ id: f.id, question: f.question, category: f.categoryName, variants: f.variants.length })),
    faqsRemoved: a.faqs.filter((f) => !byIdB.has(f.id)).map((f) => ({ id: f.id, question: f.question, category: f.categoryName })),
    faqsChanged,
    synonymsAdded: syn.added,
    synonymsRemoved: syn.removed,
    settings,
    same: false,
  };
  d.same = !d.faqsAdded.length && !d.faqsRemoved.length && !d.faqsChanged.length && !d.synonymsAdded.length && !d.synonymsRemoved.length && !d.settings.length;
  return d;
}
