/** Reading FAQs: the paged list with search and filters, one FAQ in full, title search for pickers, and the whole knowledge base for the engine and the exporter. */
import { and, asc, desc, eq, inArray, like, ne, or, type SQL, sql } from "drizzle-orm";

import { soundKey } from "../../../training/homophones";
import { normalizeKey } from "../../../training/normalize";
import type { Db } from "../../client";
import { categories, faqRelations, faqs, users, variants } from "../../schema";
import { userDisplayName } from "../audit";
import { pageWindow } from "../paging";
import { listCategories } from "./categories";
import { type Q } from "./shared";

export interface FaqListQuery {
  workspaceId: number;
  q?: string;
  categoryId?: number;
  enabled?: boolean;
  page?: number;
  pageSize?: number;
  sort?: "updated" | "question" | "variants";
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * FAQs of a workspace whose question or a variant sounds like the query: its pinyin (yunfei), its
 * initials (yf, letters only) or a homophone of it (发火 finds 发货). Short queries would match
 * almost everything by sound, so the sound of a query needs at least 4 letters (2 syllables).
 */
async function soundMatches(db: Db, workspaceId: number, q: string): Promise<number[]> {
  const qs = soundKey(normalizeKey(q));
  const letters = /^[a-z]+$/i.test(q.replace(/\s+/g, ""));
  const byInitials = letters && q.replace(/\s+/g, "").length >= 2 && q.replace(/\s+/g, "").length <= 6;
  if (qs.full.length < 4 && !byInitials) return [];
  const rows = await db.select({ faqId: variants.faqId, text: variants.text }).from(variants).where(eq(variants.workspaceId, workspaceId));
  const found = new Set<number>();
  const initials = q.replace(/\s+/g, "").toLowerCase();
  for (const r of rows) {
    if (found.has(r.faqId)) continue;
    const k = soundKey(r.text);
    if ((qs.full.length >= 4 && k.full.includes(qs.full)) || (byInitials && k.initials.includes(initials))) found.add(r.faqId);
  }
  return [...found];
}

export async function listFaqs(db: Db, query: FaqListQuery) {
  const { page, pageSize, offset } = pageWindow(query);
  const conds = [eq(faqs.workspaceId, query.workspaceId)];
  if (query.categoryId) conds.push(eq(faqs.categoryId, query.categoryId));
  if (query.enabled !== undefined) conds.push(eq(faqs.enabled, query.enabled));
  const q = query.q?.trim();
  let rank: SQL | null = null;
  if (q) {
    // Chinese has no word boundaries, so search is substring over the raw text and over the
    // normalized key (so that 全角 "ＸＬ" finds "XL" and "？" finds "?").
    const raw = `%${escapeLike(q)}%`;
    const key = `%${escapeLike(normalizeKey(q))}%`;
    const match = db
      .select({ faqId: variants.faqId })
      .from(variants)
      .where(
        and(eq(variants.workspaceId, query.workspaceId), or(sql`${variants.text} like ${raw} escape '\\'`, sql`${variants.normKey} like ${key} escape '\\'`)),
      );
    const exact = or(inArray(faqs.id, match), sql`${faqs.answer} like ${raw} escape '\\'`)!;
    // As forgiving as the bot: pinyin, initials and homophone typos find the FAQ too, ranked
    // after the literal matches (issue 15 item 16).
    const sounds = await soundMatches(db, query.workspaceId, q);
    if (sounds.length) {
      conds.push(or(exact, inArray(faqs.id, sounds))!);
      rank = sql`case when ${exact} then 0 else 1 end`;
    } else conds.push(exact);
  }
  const where = and(...conds);
  const variantCount = sql<number>`(select count(*) from ${variants} where ${variants.faqId} = ${faqs.id} and ${variants.isStandard} = 0)`;
  const sorted =
    query.sort === "question" ? [asc(faqs.question)] : query.sort === "variants" ? [desc(variantCount), desc(faqs.id)] : [desc(faqs.updatedAt), desc(faqs.id)];
  const order = rank ? [asc(rank), ...sorted] : sorted;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: faqs.id,
        question: faqs.question,
        answer: faqs.answer,
        enabled: faqs.enabled,
        categoryId: faqs.categoryId,
        categoryName: categories.name,
        variantCount,
        updatedAt: faqs.updatedAt,
        updatedBy: userDisplayName,
      })
      .from(faqs)
      .innerJoin(categories, eq(categories.id, faqs.categoryId))
      .leftJoin(users, eq(users.id, faqs.updatedBy))
      .where(where)
      .orderBy(...order)
      .limit(pageSize)
      .offset(offset),
    db
      .select({ total: sql<number>`count(*)` })
      .from(faqs)
      .where(where),
  ]);
  return { rows, total, page, pageSize };
}

export async function getFaq(db: Q, opts: { workspaceId: number; id: number }) {
  const faq = await db.query.faqs.findFirst({ where: and(eq(faqs.workspaceId, opts.workspaceId), eq(faqs.id, opts.id)) });
  if (!faq) return null;
  const [vs, rel, cat, updater] = await Promise.all([
    db
      .select({ id: variants.id, text: variants.text, isStandard: variants.isStandard })
      .from(variants)
      .where(eq(variants.faqId, faq.id))
      .orderBy(asc(variants.position), asc(variants.id)),
    db
      .select({ id: faqs.id, question: faqs.question })
      .from(faqRelations)
      .innerJoin(faqs, eq(faqs.id, faqRelations.relatedFaqId))
      .where(eq(faqRelations.faqId, faq.id))
      .orderBy(asc(faqRelations.position)),
    db.query.categories.findFirst({ where: eq(categories.id, faq.categoryId) }),
    faq.updatedBy ? db.query.users.findFirst({ where: eq(users.id, faq.updatedBy), columns: { email: true, name: true } }) : undefined,
  ]);
  return {
    ...faq,
    categoryName: cat?.name ?? "",
    variants: vs.filter((v) => !v.isStandard).map((v) => v.text),
    related: rel,
    updatedByEmail: updater?.email ?? null,
    updatedByName: updater ? updater.name || updater.email : null,
  };
}

export type FaqDetail = NonNullable<Awaited<ReturnType<typeof getFaq>>>;

/** FAQs by title for pickers (related FAQs, "add as variant of"). */
export async function searchFaqTitles(db: Db, opts: { workspaceId: number; q: string; limit?: number; excludeId?: number }) {
  const q = opts.q.trim();
  return db
    .select({ id: faqs.id, question: faqs.question })
    .from(faqs)
    .where(
      and(
        eq(faqs.workspaceId, opts.workspaceId),
        q ? like(faqs.question, `%${escapeLike(q)}%`) : undefined,
        opts.excludeId !== undefined ? ne(faqs.id, opts.excludeId) : undefined,
      ),
    )
    .orderBy(asc(faqs.question))
    .limit(opts.limit ?? 20);
}

/** Everything the engine and the exporter need, in one read. */
export async function loadKnowledgeBase(db: Q, workspaceId: number) {
  const [fs, vs, rels, cats] = await Promise.all([
    db.select().from(faqs).where(eq(faqs.workspaceId, workspaceId)).orderBy(asc(faqs.id)),
    db
      .select({
        faqId: variants.faqId,
        id: variants.id,
        text: variants.text,
        isStandard: variants.isStandard,
        source: variants.source,
        position: variants.position,
      })
      .from(variants)
      .where(eq(variants.workspaceId, workspaceId))
      .orderBy(asc(variants.faqId), asc(variants.position), asc(variants.id)),
    db
      .select({ faqId: faqRelations.faqId, relatedFaqId: faqRelations.relatedFaqId, position: faqRelations.position })
      .from(faqRelations)
      .innerJoin(faqs, eq(faqs.id, faqRelations.faqId))
      .where(eq(faqs.workspaceId, workspaceId))
      .orderBy(asc(faqRelations.faqId), asc(faqRelations.position)),
    listCategories(db, workspaceId),
  ]);
  const byFaq = new Map<number, { id: number; text: string; isStandard: boolean; source: "merchant" | "pack" }[]>();
  for (const v of vs) {
    let list = byFaq.get(v.faqId);
    if (!list) byFaq.set(v.faqId, (list = []));
    list.push(v);
  }
  const relByFaq = new Map<number, number[]>();
  for (const r of rels) {
    let list = relByFaq.get(r.faqId);
    if (!list) relByFaq.set(r.faqId, (list = []));
    list.push(r.relatedFaqId);
  }
  const catName = new Map(cats.map((c) => [c.id, c.name]));
  const catPos = new Map(cats.map((c) => [c.id, c.position]));
  return {
    categories: cats,
    faqs: fs
      .map((f) => ({
        id: f.id,
        question: f.question,
        answer: f.answer,
        categoryId: f.categoryId,
        categoryName: catName.get(f.categoryId) ?? "",
        categoryPosition: catPos.get(f.categoryId) ?? 0,
        keywords: f.keywords,
        enabled: f.enabled,
        packId: f.packId,
        shadowedBy: f.shadowedBy,
        variants: (byFaq.get(f.id) ?? []).filter((v) => !v.isStandard),
        relatedIds: relByFaq.get(f.id) ?? [],
      }))
      .sort((a, b) => a.categoryPosition - b.categoryPosition || a.id - b.id),
  };
}
