/** The subscription center: packs with their state, the to-do list of unanswered pack questions, one FAQ's pack side. */
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";

import { fillTemplate, loadPacks } from "../../../training/packs/load";
import { categories, faqs, packSubscriptions, variants } from "../../schema";
import { compareVersions, type PackSummary, summarizePack } from "./files";
import { countUnansweredIn, type PackDirOption, type Q, readProfile } from "./shared";

export interface PackCenterRow extends PackSummary {
  subscribed: boolean;
  subscribedVersion: string | null;
  upgradeAvailable: boolean;
  /** Changelog entries the workspace has not seen yet (or the latest one). */
  whatsNew: { version: string; notes: string }[];
  faqCount: number;
  unanswered: number;
}

export async function packCenter(db: Q, opts: { workspaceId: number } & PackDirOption): Promise<PackCenterRow[]> {
  const packs = loadPacks(opts.dir);
  const subs = await db.select().from(packSubscriptions).where(eq(packSubscriptions.workspaceId, opts.workspaceId));
  const counts = await db
    .select({ packId: faqs.packId, n: sql<number>`count(*)`, unanswered: sql<number>`sum(case when trim(${faqs.answer}) = '' then 1 else 0 end)` })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, opts.workspaceId), isNotNull(faqs.packId)))
    .groupBy(faqs.packId);
  return packs.map((p) => {
    const sub = subs.find((s) => s.packId === p.id && s.active);
    const c = counts.find((x) => x.packId === p.id);
    const upgradeAvailable = !!sub && compareVersions(p.version, sub.version) !== 0;
    const newer = sub ? p.changelog.filter((e) => compareVersions(e.version, sub.version) > 0) : [];
    const latest = p.changelog.filter((e) => e.version === p.version);
    return {
      ...summarizePack(p),
      subscribed: !!sub,
      subscribedVersion: sub?.version ?? null,
      upgradeAvailable,
      whatsNew: newer.length ? newer : latest,
      faqCount: c?.n ?? 0,
      unanswered: Number(c?.unanswered ?? 0),
    };
  });
}

export interface PackTodoRow {
  faqId: number;
  packId: string;
  packName: string;
  key: string;
  question: string;
  categoryName: string;
  template: string;
  missing: string[];
}

/** Pack questions without an answer: the bot skips them until the merchant answers. */
export async function listPackTodo(
  db: Q,
  opts: { workspaceId: number; packId?: string; page?: number; pageSize?: number } & PackDirOption,
): Promise<{ rows: PackTodoRow[]; total: number; page: number; pageSize: number }> {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(100, Math.max(5, opts.pageSize ?? 20));
  const where = and(
    eq(faqs.workspaceId, opts.workspaceId),
    opts.packId ? eq(faqs.packId, opts.packId) : isNotNull(faqs.packId),
    sql`trim(${faqs.answer}) = ''`,
  );
  const [rows, [{ total }], settings] = await Promise.all([
    db
      .select({ id: faqs.id, packId: faqs.packId, key: faqs.packKey, question: faqs.question, categoryName: categories.name })
      .from(faqs)
      .innerJoin(categories, eq(categories.id, faqs.categoryId))
      .where(where)
      .orderBy(asc(categories.position), asc(faqs.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: sql<number>`count(*)` })
      .from(faqs)
      .where(where),
    readProfile(db, opts.workspaceId),
  ]);
  const packs = new Map(loadPacks(opts.dir).map((p) => [p.id, p]));
  return {
    total,
    page,
    pageSize,
    rows: rows.map((r) => {
      const pack = packs.get(r.packId!);
      const template = pack?.questions.find((q) => q.key === r.key)?.answerTemplate ?? "";
      return {
        faqId: r.id,
        packId: r.packId!,
        packName: pack?.name ?? r.packId!,
        key: r.key!,
        question: r.question,
        categoryName: r.categoryName,
        template,
        missing: fillTemplate(template, settings.shopProfile).missing,
      };
    }),
  };
}

export async function countPackTodo(db: Q, workspaceId: number, packId?: string) {
  return countUnansweredIn(db, workspaceId, packId);
}

/** The pack side of one FAQ, for the edit page: its read-only parts. Null for a merchant FAQ. */
export async function packFaqInfo(db: Q, opts: { workspaceId: number; faqId: number } & PackDirOption) {
  const f = await db.query.faqs.findFirst({
    where: and(eq(faqs.workspaceId, opts.workspaceId), eq(faqs.id, opts.faqId)),
    columns: { packId: true, packKey: true, packVersion: true, answer: true },
  });
  if (!f?.packId) return null;
  const vs = await db
    .select({ text: variants.text })
    .from(variants)
    .where(and(eq(variants.faqId, opts.faqId), eq(variants.source, "pack"), eq(variants.isStandard, false)))
    .orderBy(asc(variants.position), asc(variants.id));
  const pack = loadPacks(opts.dir).find((p) => p.id === f.packId);
  const template = pack?.questions.find((q) => q.key === f.packKey)?.answerTemplate ?? "";
  const settings = await readProfile(db, opts.workspaceId);
  return {
    packId: f.packId,
    packName: pack?.name ?? f.packId,
    packKey: f.packKey ?? "",
    packVersion: f.packVersion ?? "",
    packVariants: vs.map((v) => v.text),
    template,
    missing: fillTemplate(template, settings.shopProfile).missing,
  };
}
