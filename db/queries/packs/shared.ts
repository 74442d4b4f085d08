/**
 * What subscribe, upgrade, the subscription center and onboarding share: the transaction types,
 * the phrasing-owner map (a phrasing belongs to one FAQ of a workspace), inserting one pack
 * question as an FAQ, related-question links, and the pack's synonym groups.
 */
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";

import { normalizeKey } from "../../../training/normalize";
import type { Pack, PackQuestion } from "../../../training/packs/load";
import type { Db } from "../../client";
import { categories, faqRelations, faqs, packArchive, synonymGroups, variants, workspaces } from "../../schema";
import { parseSettings, type WorkspaceSettings } from "../settings";
import { templateAnswer } from "./files";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Q = Db | Tx;

export interface PackDirOption {
  /** The packs folder (tests use a temp folder with synthetic packs). */
  dir?: string;
}

/** A pack phrasing that was not added because another FAQ of the workspace already owns it. */
export interface SkippedPhrasing {
  packId: string;
  key: string;
  text: string;
  /** "question": the whole pack question was skipped (its standard question is taken). */
  kind: "question" | "variant";
  ownerFaqId: number;
  ownerQuestion: string;
}

export type Owners = Map<string, { faqId: number; question: string }>;

export async function phrasingOwners(tx: Q, workspaceId: number): Promise<Owners> {
  const rows = await tx
    .select({ normKey: variants.normKey, faqId: variants.faqId, question: faqs.question })
    .from(variants)
    .innerJoin(faqs, eq(faqs.id, variants.faqId))
    .where(eq(variants.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.normKey, { faqId: r.faqId, question: r.question }]));
}

export async function readProfile(tx: Q, workspaceId: number): Promise<WorkspaceSettings> {
  const ws = await tx.query.workspaces.findFirst({ where: eq(workspaces.id, workspaceId), columns: { settings: true } });
  return parseSettings(ws?.settings);
}

async function categoryResolver(tx: Tx, workspaceId: number) {
  const rows = await tx
    .select({ id: categories.id, name: categories.name, position: categories.position })
    .from(categories)
    .where(eq(categories.workspaceId, workspaceId));
  const byName = new Map(rows.map((c) => [c.name, c.id]));
  let nextPos = rows.reduce((m, c) => Math.max(m, c.position), -1) + 1;
  // A merchant may have renamed or deleted a default category; the pack's is recreated then.
  return async (name: string) => {
    const hit = byName.get(name);
    if (hit !== undefined) return hit;
    const [c] = await tx.insert(categories).values({ workspaceId, name, position: nextPos++ }).returning({ id: categories.id });
    byName.set(name, c.id);
    return c.id;
  };
}

interface ArchivedAnswer {
  answer: string;
  variants: string[];
  keywords: string[];
  enabled: boolean;
}

/**
 * Claims a phrasing (a variant) for one FAQ of a pack question and returns its key; null when it
 * is empty or already the FAQ's, and null with a skipped entry when another FAQ owns it.
 */
export function claimPhrasing(
  owners: Owners,
  skipped: SkippedPhrasing[],
  at: { packId: string; key: string; faqId: number; question: string },
  text: string,
): string | null {
  const normKey = normalizeKey(text);
  if (!normKey) return null;
  const owner = owners.get(normKey);
  if (owner) {
    if (owner.faqId !== at.faqId)
      skipped.push({ packId: at.packId, key: at.key, text, kind: "variant", ownerFaqId: owner.faqId, ownerQuestion: owner.question });
    return null;
  }
  owners.set(normKey, { faqId: at.faqId, question: at.question });
  return normKey;
}

/**
 * Inserts one pack question as an FAQ with its pack variants (and a restored archive, if any).
 * Phrasings owned by another FAQ are skipped and reported, never taken over.
 */
async function insertPackQuestion(
  tx: Tx,
  opts: {
    workspaceId: number;
    userId: number | null;
    pack: Pack;
    q: PackQuestion;
    profile: Record<string, string>;
    archived?: ArchivedAnswer;
    owners: Owners;
    categoryId: (name: string) => Promise<number>;
    skipped: SkippedPhrasing[];
  },
): Promise<number | null> {
  const { pack, q, owners } = opts;
  const qKey = normalizeKey(q.question);
  const taken = owners.get(qKey);
  if (taken) {
    opts.skipped.push({ packId: pack.id, key: q.key, text: q.question, kind: "question", ownerFaqId: taken.faqId, ownerQuestion: taken.question });
    return null;
  }
  const now = Date.now();
  const answer = opts.archived?.answer || templateAnswer(q.answerTemplate, opts.profile);
  const [row] = await tx
    .insert(faqs)
    .values({
      workspaceId: opts.workspaceId,
      categoryId: await opts.categoryId(q.category),
      question: q.question,
      answer,
      keywords: opts.archived?.keywords ?? [],
      enabled: opts.archived?.enabled ?? true,
      createdAt: now,
      updatedAt: now,
      updatedBy: opts.userId,
      packId: pack.id,
      packKey: q.key,
      packVersion: pack.version,
    })
    .returning({ id: faqs.id });
  const mine = { faqId: row.id, question: q.question };
  owners.set(qKey, mine);
  const rows: (typeof variants.$inferInsert)[] = [
    { workspaceId: opts.workspaceId, faqId: row.id, text: q.question, normKey: qKey, isStandard: true, source: "pack", position: 0 },
  ];
  const add = (text: string, source: "pack" | "merchant") => {
    const normKey = claimPhrasing(owners, opts.skipped, { packId: pack.id, key: q.key, ...mine }, text);
    if (normKey) rows.push({ workspaceId: opts.workspaceId, faqId: row.id, text, normKey, isStandard: false, source, position: rows.length });
  };
  for (const v of q.variants) add(v, "pack");
  for (const v of opts.archived?.variants ?? []) add(v, "merchant");
  await tx.insert(variants).values(rows);
  return row.id;
}

/** Related questions of the pack (by key), for FAQs created just now. */
async function linkRelated(tx: Tx, workspaceId: number, pack: Pack, createdKeys: Set<string>) {
  if (!createdKeys.size) return;
  const idByKey = await packFaqIds(tx, workspaceId, pack.id);
  for (const q of pack.questions) {
    if (!createdKeys.has(q.key)) continue;
    const from = idByKey.get(q.key);
    if (from === undefined) continue;
    const to = q.related.map((k) => idByKey.get(k)).filter((x): x is number => x !== undefined && x !== from);
    if (to.length)
      await tx
        .insert(faqRelations)
        .values([...new Set(to)].map((relatedFaqId, position) => ({ faqId: from, relatedFaqId, position })))
        .onConflictDoNothing();
  }
}

/**
 * Adds pack questions as FAQs (subscribe and upgrade): answers come from the workspace's archive
 * (what the merchant wrote before unsubscribing) or the templates filled with the shop profile,
 * related questions are linked, and the archive entries that came back are dropped.
 */
export async function addPackQuestions(
  tx: Tx,
  opts: { workspaceId: number; userId: number | null; pack: Pack; questions: PackQuestion[]; owners: Owners; skipped: SkippedPhrasing[] },
): Promise<{ created: Set<string>; restored: number }> {
  const { workspaceId, pack } = opts;
  const settings = await readProfile(tx, workspaceId);
  const archive = await tx
    .select()
    .from(packArchive)
    .where(and(eq(packArchive.workspaceId, workspaceId), eq(packArchive.packId, pack.id)));
  const archivedByKey = new Map(archive.map((a) => [a.packKey, a]));
  const categoryId = await categoryResolver(tx, workspaceId);
  const created = new Set<string>();
  let restored = 0;
  for (const q of opts.questions) {
    const archived = archivedByKey.get(q.key);
    const id = await insertPackQuestion(tx, {
      workspaceId,
      userId: opts.userId,
      pack,
      q,
      profile: settings.shopProfile,
      archived,
      owners: opts.owners,
      categoryId,
      skipped: opts.skipped,
    });
    if (id === null) continue;
    created.add(q.key);
    if (archived && (archived.answer || archived.variants.length || archived.keywords.length)) restored++;
  }
  await linkRelated(tx, workspaceId, pack, created);
  if (created.size && archive.length)
    await tx
      .delete(packArchive)
      .where(and(eq(packArchive.workspaceId, workspaceId), eq(packArchive.packId, pack.id), inArray(packArchive.packKey, [...created])));
  return { created, restored };
}

export async function packFaqIds(tx: Q, workspaceId: number, packId: string) {
  const rows = await tx
    .select({ id: faqs.id, key: faqs.packKey })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, packId)));
  return new Map(rows.map((r) => [r.key!, r.id]));
}

export async function countUnansweredIn(tx: Q, workspaceId: number, packId?: string) {
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)` })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, workspaceId), packId ? eq(faqs.packId, packId) : isNotNull(faqs.packId), sql`trim(${faqs.answer}) = ''`));
  return n;
}

/* ------------------------------------------------------------------ synonyms */

/**
 * Adds the pack's synonym groups (行业同义词) to the workspace's. A group none of whose terms the
 * workspace uses yet is added whole; a group sharing a term with an existing one is left out, so
 * that what a trainer wrote on the synonyms page always wins. They stay on unsubscribing: they
 * are the shop's vocabulary now, edited on the synonyms page like any other.
 */
export async function addPackSynonyms(tx: Tx, workspaceId: number, pack: Pack): Promise<{ added: number; skipped: number }> {
  if (!pack.synonyms.length) return { added: 0, skipped: 0 };
  const existing = await tx.select({ terms: synonymGroups.terms }).from(synonymGroups).where(eq(synonymGroups.workspaceId, workspaceId));
  const used = new Set(existing.flatMap((g) => g.terms));
  const fresh = pack.synonyms.filter((g) => !g.some((t) => used.has(t)));
  if (fresh.length) await tx.insert(synonymGroups).values(fresh.map((terms) => ({ workspaceId, terms })));
  return { added: fresh.length, skipped: pack.synonyms.length - fresh.length };
}
