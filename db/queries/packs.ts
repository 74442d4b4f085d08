/**
 * Industry packs in a workspace (issue 5): subscribe, unsubscribe (answers archived), upgrade to
 * a newer pack version (merchant answers and variants kept), the to-do list of unanswered pack
 * questions and the shop profile that fills answer templates.
 *
 * Pack content lives in files (training/packs); the database holds only what the workspace got
 * from a pack (faqs.packId/packKey/packVersion, variants.source = "pack"). Upgrades therefore diff
 * the workspace's copy against the current pack file, not two pack files: the old file is gone
 * once the code is upgraded.
 */
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";

import { KbError } from "../../training/errors";
import { normalizeKey } from "../../training/normalize";
import { fillTemplate, loadPacks, type Pack, type PackQuestion } from "../../training/packs/load";
import type { Db } from "../client";
import { categories, faqRelations, faqs, packArchive, packSubscriptions, synonymGroups, variants, workspaces } from "../schema";
import { writeAudit } from "./audit";
import { DEFAULT_WELCOME, parseSettings, updateSettings, type WorkspaceSettings } from "./settings";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Q = Db | Tx;

export interface PackDirOption {
  /** The packs folder (tests use a temp folder with synthetic packs). */
  dir?: string;
}

/* ------------------------------------------------------------------ pack files */

export interface PackSummary {
  id: string;
  name: string;
  industry: string;
  version: string;
  default: boolean;
  description: string;
  questions: number;
  variants: number;
  /** Synonym groups the pack brings. */
  synonyms: number;
  changelog: { version: string; notes: string }[];
}

export function summarizePack(p: Pack): PackSummary {
  return {
    id: p.id,
    name: p.name,
    industry: p.industry,
    version: p.version,
    default: p.default,
    description: p.description,
    questions: p.questions.length,
    variants: p.questions.reduce((n, q) => n + q.variants.length, 0),
    synonyms: p.synonyms.length,
    changelog: p.changelog,
  };
}

export function listPackSummaries(opts: PackDirOption = {}): PackSummary[] {
  return loadPacks(opts.dir).map(summarizePack);
}

function requirePack(packId: string, dir?: string): Pack {
  const pack = loadPacks(dir).find((p) => p.id === packId);
  if (!pack) throw new KbError("PACK_NOT_FOUND", { packId });
  return pack;
}

/** -1, 0, 1 comparing x.y.z versions (pre-release suffixes are ignored: packs do not use them). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[-+]/)[0].split(".").map(Number);
  const pb = b.split(/[-+]/)[0].split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The answer a template gives with this profile, or "" while a placeholder is still unknown. */
export function templateAnswer(template: string, profile: Record<string, string>): string {
  const r = fillTemplate(template, profile);
  return r.missing.length ? "" : r.text;
}

/* ------------------------------------------------------------------ shared helpers */

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

type Owners = Map<string, { faqId: number; question: string }>;

async function phrasingOwners(tx: Q, workspaceId: number): Promise<Owners> {
  const rows = await tx
    .select({ normKey: variants.normKey, faqId: variants.faqId, question: faqs.question })
    .from(variants)
    .innerJoin(faqs, eq(faqs.id, variants.faqId))
    .where(eq(variants.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.normKey, { faqId: r.faqId, question: r.question }]));
}

async function readProfile(tx: Q, workspaceId: number): Promise<WorkspaceSettings> {
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
    const normKey = normalizeKey(text);
    if (!normKey) return;
    const owner = owners.get(normKey);
    if (owner) {
      if (owner.faqId !== row.id)
        opts.skipped.push({ packId: pack.id, key: q.key, text, kind: "variant", ownerFaqId: owner.faqId, ownerQuestion: owner.question });
      return;
    }
    owners.set(normKey, mine);
    rows.push({ workspaceId: opts.workspaceId, faqId: row.id, text, normKey, isStandard: false, source, position: rows.length });
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

async function packFaqIds(tx: Q, workspaceId: number, packId: string) {
  const rows = await tx
    .select({ id: faqs.id, key: faqs.packKey })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, packId)));
  return new Map(rows.map((r) => [r.key!, r.id]));
}

async function countUnansweredIn(tx: Q, workspaceId: number, packId?: string) {
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
async function addPackSynonyms(tx: Tx, workspaceId: number, pack: Pack): Promise<{ added: number; skipped: number }> {
  if (!pack.synonyms.length) return { added: 0, skipped: 0 };
  const existing = await tx.select({ terms: synonymGroups.terms }).from(synonymGroups).where(eq(synonymGroups.workspaceId, workspaceId));
  const used = new Set(existing.flatMap((g) => g.terms));
  const fresh = pack.synonyms.filter((g) => !g.some((t) => used.has(t)));
  if (fresh.length) await tx.insert(synonymGroups).values(fresh.map((terms) => ({ workspaceId, terms })));
  return { added: fresh.length, skipped: pack.synonyms.length - fresh.length };
}

/* ------------------------------------------------------------------ subscribe / unsubscribe */

export interface SubscribeReport {
  packId: string;
  version: string;
  alreadySubscribed: boolean;
  created: number;
  /** FAQs whose archived merchant answer came back. */
  restored: number;
  unanswered: number;
  skipped: SkippedPhrasing[];
  /** Synonym groups of the pack added to the workspace's (groups overlapping existing ones are not). */
  synonymsAdded: number;
}

async function subscribeInTx(tx: Tx, opts: { workspaceId: number; userId: number | null; pack: Pack }): Promise<SubscribeReport> {
  const { workspaceId, pack } = opts;
  const sub = await tx.query.packSubscriptions.findFirst({ where: and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, pack.id)) });
  if (sub?.active) {
    return {
      packId: pack.id,
      version: sub.version,
      alreadySubscribed: true,
      created: 0,
      restored: 0,
      unanswered: await countUnansweredIn(tx, workspaceId, pack.id),
      skipped: [],
      synonymsAdded: 0,
    };
  }
  const now = Date.now();
  if (sub)
    await tx
      .update(packSubscriptions)
      .set({ version: pack.version, active: true, updatedAt: now })
      .where(and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, pack.id)));
  else await tx.insert(packSubscriptions).values({ workspaceId, packId: pack.id, version: pack.version, active: true, subscribedAt: now, updatedAt: now });

  const settings = await readProfile(tx, workspaceId);
  const archive = await tx
    .select()
    .from(packArchive)
    .where(and(eq(packArchive.workspaceId, workspaceId), eq(packArchive.packId, pack.id)));
  const archivedByKey = new Map(archive.map((a) => [a.packKey, a]));
  const present = await packFaqIds(tx, workspaceId, pack.id);
  const owners = await phrasingOwners(tx, workspaceId);
  const categoryId = await categoryResolver(tx, workspaceId);
  const skipped: SkippedPhrasing[] = [];
  const created = new Set<string>();
  let restored = 0;
  for (const q of pack.questions) {
    if (present.has(q.key)) continue;
    const archived = archivedByKey.get(q.key);
    const id = await insertPackQuestion(tx, {
      workspaceId,
      userId: opts.userId,
      pack,
      q,
      profile: settings.shopProfile,
      archived,
      owners,
      categoryId,
      skipped,
    });
    if (id === null) continue;
    created.add(q.key);
    if (archived && (archived.answer || archived.variants.length || archived.keywords.length)) restored++;
  }
  await linkRelated(tx, workspaceId, pack, created);
  const synonyms = await addPackSynonyms(tx, workspaceId, pack);
  if (archive.length)
    await tx
      .delete(packArchive)
      .where(and(eq(packArchive.workspaceId, workspaceId), eq(packArchive.packId, pack.id), inArray(packArchive.packKey, [...created])));
  const unanswered = await countUnansweredIn(tx, workspaceId, pack.id);
  await writeAudit(tx, {
    workspaceId,
    userId: opts.userId,
    entity: "pack",
    action: "subscribe",
    summary: `${pack.name} ${pack.version}`,
    after: { pack: pack.id, version: pack.version, created: created.size, restored, unanswered, skipped: skipped.length, synonymsAdded: synonyms.added },
  });
  return {
    packId: pack.id,
    version: pack.version,
    alreadySubscribed: false,
    created: created.size,
    restored,
    unanswered,
    skipped,
    synonymsAdded: synonyms.added,
  };
}

export async function subscribePack(db: Db, opts: { workspaceId: number; packId: string; userId: number | null } & PackDirOption): Promise<SubscribeReport> {
  const pack = requirePack(opts.packId, opts.dir);
  return db.transaction((tx) => subscribeInTx(tx, { workspaceId: opts.workspaceId, userId: opts.userId, pack }));
}

/** The packs a new workspace starts with (the generic pack). */
export async function subscribeDefaultPacks(db: Db, opts: { workspaceId: number; userId?: number | null } & PackDirOption): Promise<SubscribeReport[]> {
  const packs = loadPacks(opts.dir).filter((p) => p.default);
  const out: SubscribeReport[] = [];
  for (const pack of packs) out.push(await db.transaction((tx) => subscribeInTx(tx, { workspaceId: opts.workspaceId, userId: opts.userId ?? null, pack })));
  return out;
}

export interface UnsubscribeReport {
  packId: string;
  removed: number;
  archived: number;
}

/**
 * Removes the pack's FAQs; what the merchant put into them (answers that are not the plain
 * template, own variants, keywords, disabled state) goes to pack_archive and comes back on
 * re-subscribing.
 */
export async function unsubscribePack(
  db: Db,
  opts: { workspaceId: number; packId: string; userId: number | null } & PackDirOption,
): Promise<UnsubscribeReport> {
  const templates = new Map<string, string>();
  const pack = loadPacks(opts.dir).find((p) => p.id === opts.packId);
  for (const q of pack?.questions ?? []) templates.set(q.key, q.answerTemplate);
  return db.transaction(async (tx) => {
    const { workspaceId, packId } = opts;
    const sub = await tx.query.packSubscriptions.findFirst({
      where: and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, packId)),
    });
    const settings = await readProfile(tx, workspaceId);
    const rows = await tx
      .select()
      .from(faqs)
      .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, packId)));
    const own = rows.length
      ? await tx
          .select({ faqId: variants.faqId, text: variants.text })
          .from(variants)
          .where(
            and(
              inArray(
                variants.faqId,
                rows.map((r) => r.id),
              ),
              eq(variants.source, "merchant"),
              eq(variants.isStandard, false),
            ),
          )
          .orderBy(asc(variants.position), asc(variants.id))
      : [];
    let archived = 0;
    for (const f of rows) {
      const template = templates.get(f.packKey!);
      // An answer that is just the filled template is not the merchant's work: re-subscribing
      // fills the template again with the profile of that day.
      const answer = template !== undefined && f.answer === templateAnswer(template, settings.shopProfile) ? "" : f.answer;
      const mine = own.filter((v) => v.faqId === f.id).map((v) => v.text);
      if (!answer && !mine.length && !f.keywords.length && f.enabled) continue;
      const values = { answer, variants: mine, keywords: f.keywords, enabled: f.enabled, archivedAt: Date.now() };
      await tx
        .insert(packArchive)
        .values({ workspaceId, packId, packKey: f.packKey!, ...values })
        .onConflictDoUpdate({ target: [packArchive.workspaceId, packArchive.packId, packArchive.packKey], set: values });
      archived++;
    }
    if (rows.length)
      await tx.delete(faqs).where(
        inArray(
          faqs.id,
          rows.map((r) => r.id),
        ),
      );
    if (sub)
      await tx
        .update(packSubscriptions)
        .set({ active: false, updatedAt: Date.now() })
        .where(and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, packId)));
    await writeAudit(tx, {
      workspaceId,
      userId: opts.userId,
      entity: "pack",
      action: "unsubscribe",
      summary: pack ? `${pack.name} ${sub?.version ?? ""}`.trim() : packId,
      after: { pack: packId, removed: rows.length, archived },
    });
    return { packId, removed: rows.length, archived };
  });
}

/* ------------------------------------------------------------------ upgrade */

export interface PackDiff {
  packId: string;
  name: string;
  fromVersion: string;
  toVersion: string;
  /** Changelog entries newer than the subscribed version. */
  changelog: { version: string; notes: string }[];
  added: { key: string; question: string; category: string; variants: number }[];
  removed: { key: string; question: string; faqId: number; hasAnswer: boolean; merchantVariants: number; /** kept as a merchant FAQ */ keep: boolean }[];
  changed: { key: string; faqId: number; question: string; newQuestion: string | null; addedVariants: string[]; removedVariants: string[] }[];
}

async function readPackCopy(tx: Q, workspaceId: number, packId: string) {
  const rows = await tx
    .select({ id: faqs.id, key: faqs.packKey, question: faqs.question, answer: faqs.answer })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, packId)))
    .orderBy(asc(faqs.id));
  const vs = rows.length
    ? await tx
        .select({
          id: variants.id,
          faqId: variants.faqId,
          text: variants.text,
          normKey: variants.normKey,
          source: variants.source,
          isStandard: variants.isStandard,
        })
        .from(variants)
        .where(
          inArray(
            variants.faqId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) => ({ ...r, key: r.key!, variants: vs.filter((v) => v.faqId === r.id) }));
}

function diffAgainst(copy: Awaited<ReturnType<typeof readPackCopy>>, pack: Pack, fromVersion: string): PackDiff {
  const byKey = new Map(copy.map((c) => [c.key, c]));
  const inPack = new Set(pack.questions.map((q) => q.key));
  const diff: PackDiff = {
    packId: pack.id,
    name: pack.name,
    fromVersion,
    toVersion: pack.version,
    changelog: pack.changelog.filter((c) => compareVersions(c.version, fromVersion) > 0),
    added: [],
    removed: [],
    changed: [],
  };
  for (const q of pack.questions) {
    const c = byKey.get(q.key);
    if (!c) {
      diff.added.push({ key: q.key, question: q.question, category: q.category, variants: q.variants.length });
      continue;
    }
    const packVariants = c.variants.filter((v) => v.source === "pack" && !v.isStandard);
    const newQuestion = normalizeKey(c.question) !== normalizeKey(q.question) ? q.question : null;
    // When the standard question changes, the old one may live on as a variant of the new version.
    const have = new Set(c.variants.filter((v) => !(newQuestion && v.isStandard)).map((v) => v.normKey));
    const wanted = new Set(q.variants.map((v) => normalizeKey(v)));
    const addedVariants = q.variants.filter((v) => !have.has(normalizeKey(v)));
    const removedVariants = packVariants.filter((v) => !wanted.has(v.normKey) && v.normKey !== normalizeKey(q.question)).map((v) => v.text);
    if (newQuestion || addedVariants.length || removedVariants.length)
      diff.changed.push({ key: q.key, faqId: c.id, question: c.question, newQuestion, addedVariants, removedVariants });
  }
  for (const c of copy) {
    if (inPack.has(c.key)) continue;
    const merchantVariants = c.variants.filter((v) => v.source === "merchant" && !v.isStandard).length;
    const hasAnswer = c.answer.trim() !== "";
    diff.removed.push({ key: c.key, question: c.question, faqId: c.id, hasAnswer, merchantVariants, keep: hasAnswer || merchantVariants > 0 });
  }
  return diff;
}

async function subscription(tx: Q, workspaceId: number, packId: string) {
  return tx.query.packSubscriptions.findFirst({ where: and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, packId)) });
}

/** What upgrading to the pack file's version would change; null when not subscribed. */
export async function diffPack(db: Q, opts: { workspaceId: number; packId: string } & PackDirOption): Promise<PackDiff | null> {
  const pack = requirePack(opts.packId, opts.dir);
  const sub = await subscription(db, opts.workspaceId, opts.packId);
  if (!sub?.active) return null;
  return diffAgainst(await readPackCopy(db, opts.workspaceId, opts.packId), pack, sub.version);
}

export interface UpgradeReport {
  packId: string;
  fromVersion: string;
  toVersion: string;
  added: number;
  /** Removed pack questions kept as ordinary merchant FAQs (they had a merchant answer or variants). */
  kept: number;
  deleted: number;
  changed: number;
  skipped: SkippedPhrasing[];
  synonymsAdded: number;
}

/**
 * Applies the diff: every merchant answer, keyword and merchant variant stays; pack variants and
 * standard questions follow the new pack; a removed question the merchant answered becomes an
 * ordinary FAQ instead of being deleted.
 */
export async function upgradePack(db: Db, opts: { workspaceId: number; packId: string; userId: number | null } & PackDirOption): Promise<UpgradeReport> {
  const pack = requirePack(opts.packId, opts.dir);
  return db.transaction(async (tx) => {
    const { workspaceId } = opts;
    const sub = await subscription(tx, workspaceId, pack.id);
    if (!sub?.active) throw new KbError("PACK_NOT_SUBSCRIBED", { packId: pack.id });
    const copy = await readPackCopy(tx, workspaceId, pack.id);
    const diff = diffAgainst(copy, pack, sub.version);
    const byKey = new Map(copy.map((c) => [c.key, c]));
    const qByKey = new Map(pack.questions.map((q) => [q.key, q]));
    const skipped: SkippedPhrasing[] = [];
    const now = Date.now();

    // 1. Removals first, so that phrasings moving between questions are free when re-added.
    let kept = 0;
    let deleted = 0;
    for (const r of diff.removed) {
      if (r.keep) {
        await tx.update(faqs).set({ packId: null, packKey: null, packVersion: null, updatedAt: now, updatedBy: opts.userId }).where(eq(faqs.id, r.faqId));
        await tx.update(variants).set({ source: "merchant" }).where(eq(variants.faqId, r.faqId));
        kept++;
      } else {
        await tx.delete(faqs).where(eq(faqs.id, r.faqId));
        deleted++;
      }
    }
    for (const c of diff.changed) {
      if (!c.removedVariants.length) continue;
      const keys = c.removedVariants.map((t) => normalizeKey(t));
      await tx
        .delete(variants)
        .where(and(eq(variants.faqId, c.faqId), eq(variants.source, "pack"), eq(variants.isStandard, false), inArray(variants.normKey, keys)));
    }

    // 2. Changes and additions against the phrasings that remain.
    const owners = await phrasingOwners(tx, workspaceId);
    for (const c of diff.changed) {
      const q = qByKey.get(c.key)!;
      const faq = byKey.get(c.key)!;
      let question = faq.question;
      if (c.newQuestion) {
        const newKey = normalizeKey(c.newQuestion);
        const owner = owners.get(newKey);
        if (owner && owner.faqId !== c.faqId) {
          skipped.push({ packId: pack.id, key: c.key, text: c.newQuestion, kind: "variant", ownerFaqId: owner.faqId, ownerQuestion: owner.question });
        } else {
          // The FAQ's own phrasing (a variant) becomes the standard question.
          if (owner) await tx.delete(variants).where(and(eq(variants.faqId, c.faqId), eq(variants.normKey, newKey), eq(variants.isStandard, false)));
          const std = faq.variants.find((v) => v.isStandard);
          if (std) {
            owners.delete(std.normKey);
            await tx.update(variants).set({ text: c.newQuestion, normKey: newKey, source: "pack" }).where(eq(variants.id, std.id));
          } else
            await tx
              .insert(variants)
              .values({ workspaceId, faqId: c.faqId, text: c.newQuestion, normKey: newKey, isStandard: true, source: "pack", position: 0 });
          question = c.newQuestion;
          owners.set(newKey, { faqId: c.faqId, question });
          await tx.update(faqs).set({ question, updatedAt: now, updatedBy: opts.userId }).where(eq(faqs.id, c.faqId));
        }
      }
      const [{ maxPos }] = await tx
        .select({ maxPos: sql<number>`coalesce(max(${variants.position}), 0)` })
        .from(variants)
        .where(eq(variants.faqId, c.faqId));
      let position = maxPos + 1;
      const rows: (typeof variants.$inferInsert)[] = [];
      for (const text of c.addedVariants) {
        const normKey = normalizeKey(text);
        if (!normKey) continue;
        const owner = owners.get(normKey);
        if (owner) {
          if (owner.faqId !== c.faqId)
            skipped.push({ packId: pack.id, key: q.key, text, kind: "variant", ownerFaqId: owner.faqId, ownerQuestion: owner.question });
          continue;
        }
        owners.set(normKey, { faqId: c.faqId, question });
        rows.push({ workspaceId, faqId: c.faqId, text, normKey, isStandard: false, source: "pack", position: position++ });
      }
      if (rows.length) await tx.insert(variants).values(rows);
    }

    const settings = await readProfile(tx, workspaceId);
    const archive = await tx
      .select()
      .from(packArchive)
      .where(and(eq(packArchive.workspaceId, workspaceId), eq(packArchive.packId, pack.id)));
    const archivedByKey = new Map(archive.map((a) => [a.packKey, a]));
    const categoryId = await categoryResolver(tx, workspaceId);
    const created = new Set<string>();
    for (const a of diff.added) {
      const q = qByKey.get(a.key)!;
      const id = await insertPackQuestion(tx, {
        workspaceId,
        userId: opts.userId,
        pack,
        q,
        profile: settings.shopProfile,
        archived: archivedByKey.get(q.key),
        owners,
        categoryId,
        skipped,
      });
      if (id !== null) created.add(q.key);
    }
    await linkRelated(tx, workspaceId, pack, created);
    if (created.size)
      await tx
        .delete(packArchive)
        .where(and(eq(packArchive.workspaceId, workspaceId), eq(packArchive.packId, pack.id), inArray(packArchive.packKey, [...created])));

    // Unanswered questions may be answerable by the new templates.
    for (const c of copy) {
      const q = qByKey.get(c.key);
      if (!q || c.answer.trim()) continue;
      const answer = templateAnswer(q.answerTemplate, settings.shopProfile);
      if (answer) await tx.update(faqs).set({ answer, updatedAt: now }).where(eq(faqs.id, c.id));
    }
    await tx
      .update(faqs)
      .set({ packVersion: pack.version })
      .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, pack.id)));
    await tx
      .update(packSubscriptions)
      .set({ version: pack.version, updatedAt: now })
      .where(and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, pack.id)));
    const report: UpgradeReport = {
      packId: pack.id,
      fromVersion: sub.version,
      toVersion: pack.version,
      added: created.size,
      kept,
      deleted,
      changed: diff.changed.length,
      skipped,
      synonymsAdded: (await addPackSynonyms(tx, workspaceId, pack)).added,
    };
    await writeAudit(tx, {
      workspaceId,
      userId: opts.userId,
      entity: "pack",
      action: "upgrade",
      summary: `${pack.name} ${sub.version} → ${pack.version}`,
      after: { ...report, skipped: skipped.length },
    });
    return report;
  });
}

/* ------------------------------------------------------------------ the subscription center */

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

/* ------------------------------------------------------------------ shop profile and onboarding */

/**
 * Fills pack answers from the shop profile: unanswered questions whose placeholders are all known
 * now, and answers that are still exactly the template filled with the previous profile (the
 * merchant never touched them, so a new 发货时间 must show up there too).
 */
export async function refreshPackAnswers(
  db: Q,
  opts: { workspaceId: number; userId: number | null; previousProfile?: Record<string, string> } & PackDirOption,
): Promise<number> {
  const settings = await readProfile(db, opts.workspaceId);
  const packs = new Map(loadPacks(opts.dir).map((p) => [p.id, p]));
  const rows = await db
    .select({ id: faqs.id, packId: faqs.packId, key: faqs.packKey, answer: faqs.answer })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, opts.workspaceId), isNotNull(faqs.packId)));
  let filled = 0;
  const now = Date.now();
  for (const r of rows) {
    const template = packs.get(r.packId!)?.questions.find((q) => q.key === r.key)?.answerTemplate;
    if (!template) continue;
    const untouched = !r.answer.trim() || (opts.previousProfile !== undefined && r.answer === templateAnswer(template, opts.previousProfile));
    if (!untouched) continue;
    const answer = templateAnswer(template, settings.shopProfile);
    if (!answer || answer === r.answer) continue;
    await db.update(faqs).set({ answer, updatedAt: now, updatedBy: opts.userId }).where(eq(faqs.id, r.id));
    filled++;
  }
  // An audit entry also tells the engine (whose change token is the newest audit id) to retrain.
  if (filled)
    await writeAudit(db, { workspaceId: opts.workspaceId, userId: opts.userId, entity: "pack", action: "fill", summary: String(filled), after: { filled } });
  return filled;
}

/** The questions the onboarding wizard asks (店小蜜's set-up questions), in order. */
export const ONBOARDING_FIELDS = ["店铺名称", "主营类目", "发货时间", "快递公司", "发货地", "退货天数", "退货地址", "客服工作时间"] as const;
export type OnboardingField = (typeof ONBOARDING_FIELDS)[number];

export async function onboardingState(db: Q, workspaceId: number) {
  const settings = await readProfile(db, workspaceId);
  const [{ merchant }] = await db
    .select({ merchant: sql<number>`count(*)` })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, workspaceId), sql`${faqs.packId} is null`));
  return {
    onboarded: settings.onboarded,
    merchantFaqs: merchant,
    /** Sends admins and trainers to the wizard from the FAQ list. */
    needsOnboarding: !settings.onboarded && merchant === 0,
    profile: settings.shopProfile,
  };
}

export interface OnboardingReport {
  subscribed: SubscribeReport[];
  filled: number;
  unanswered: number;
  industryPack: string | null;
}

/**
 * Saves the wizard's answers as the shop profile, subscribes the default pack and the industry
 * pack of the main category, fills every template the profile now answers, and marks the
 * workspace onboarded.
 */
export async function completeOnboarding(
  db: Db,
  opts: { workspaceId: number; userId: number | null; profile: Record<string, string> } & PackDirOption,
): Promise<OnboardingReport> {
  const before = await readProfile(db, opts.workspaceId);
  const profile: Record<string, string> = { ...before.shopProfile };
  for (const [k, v] of Object.entries(opts.profile)) {
    const t = v.trim();
    if (t) profile[k] = t;
  }
  await updateSettings(db, { workspaceId: opts.workspaceId, userId: opts.userId, patch: { shopProfile: profile, onboarded: true } });
  const packs = loadPacks(opts.dir);
  const industry = profile["主营类目"];
  const industryPack = packs.find((p) => !p.default && (p.industry === industry || p.name === industry)) ?? null;
  // One transaction: a retrain reading the knowledge base meanwhile sees it before or after,
  // never with the new pack's questions but the old, unfilled answers.
  const { subscribed, filled } = await db.transaction(async (tx) => {
    const filled = await refreshPackAnswers(tx, { workspaceId: opts.workspaceId, userId: opts.userId, previousProfile: before.shopProfile, dir: opts.dir });
    const subscribed: SubscribeReport[] = [];
    for (const pack of packs.filter((p) => p.default || p === industryPack))
      subscribed.push(await subscribeInTx(tx, { workspaceId: opts.workspaceId, userId: opts.userId, pack }));
    return { subscribed, filled };
  });
  await setUpWelcome(db, { workspaceId: opts.workspaceId, userId: opts.userId, shopName: profile["店铺名称"] ?? "" });
  return { subscribed, filled, unanswered: await countUnansweredIn(db, opts.workspaceId), industryPack: industryPack?.id ?? null };
}

/** The generic pack questions shown as welcome cards (欢迎语卡片) of a freshly set-up shop. */
export const WELCOME_CARD_KEYS = ["shipping.when", "shipping.courier", "shipping.arrival", "aftersale.7day", "more.hours"];

/**
 * A set-up shop greets with its name and the most asked questions, unless the merchant already
 * chose a welcome message or cards.
 */
async function setUpWelcome(db: Db, opts: { workspaceId: number; userId: number | null; shopName: string }) {
  const settings = await readProfile(db, opts.workspaceId);
  const patch: Partial<WorkspaceSettings> = {};
  if (!settings.welcomeCards.length) {
    const rows = await db
      .select({ id: faqs.id, key: faqs.packKey, answer: faqs.answer })
      .from(faqs)
      .where(and(eq(faqs.workspaceId, opts.workspaceId), isNotNull(faqs.packKey), inArray(faqs.packKey, WELCOME_CARD_KEYS)));
    const ids = WELCOME_CARD_KEYS.map((k) => rows.find((r) => r.key === k && r.answer.trim())?.id).filter((x): x is number => x !== undefined);
    if (ids.length) patch.welcomeCards = ids;
  }
  if (settings.welcomeMessage === DEFAULT_WELCOME && opts.shopName)
    patch.welcomeMessage = `亲，您好呀～欢迎光临${opts.shopName}，我是店铺智能客服，有什么可以帮您的吗？`;
  if (Object.keys(patch).length) await updateSettings(db, { workspaceId: opts.workspaceId, userId: opts.userId, patch });
}

/* ------------------------------------------------------------------ export (CLI) */

export function packExportLines(pack: Pack): string[] {
  return pack.questions.map((q) =>
    JSON.stringify({ key: q.key, category: q.category, question: q.question, variants: q.variants, answerTemplate: q.answerTemplate }),
  );
}
