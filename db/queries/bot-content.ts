/**
 * Everything the bot uses, read from the live (draft) tables in one place (issue 13): FAQs with
 * their category, answer, variants, keywords, related FAQs and enabled flag (pack FAQs included,
 * as subscriptions and upgrades left them), synonym groups, the chit-chat examples labelled in
 * the logs (they calibrate the thresholds) and the settings that drive decisions. The engine
 * input, a published version's snapshot and the diff between versions all derive from this one
 * object, so that a new kind of knowledge (product facts, issue 16) is added here and nowhere else.
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";

import type { ProductFacts } from "../../training/products";
import type { Db } from "../client";
import { logLabels, logTurns, synonymGroups } from "../schema";
import { loadKnowledgeBase } from "./faqs";
import { loadProductFacts } from "./products/catalogue";
import { getSettings, type WorkspaceSettings } from "./settings";

export const BOT_CONTENT_FORMAT = 1;

export interface BotContentFaq {
  id: number;
  question: string;
  /** The merchant's answer as written (empty for an unanswered pack question). */
  answer: string;
  categoryId: number;
  categoryName: string;
  keywords: string[];
  enabled: boolean;
  packId: string | null;
  /** A pack question another FAQ already answers (training/packs/coverage.ts): not matched. Absent in older snapshots. */
  shadowedBy?: number | null;
  variants: string[];
  relatedIds: number[];
}

/**
 * Settings that are not part of what the bot says or decides: they stay live and are never
 * snapshotted (every other key, including ones added later, travels with a version).
 */
export const NON_BOT_SETTINGS = ["onboarded", "trainersCanPublish", "publishGate"] as const satisfies readonly (keyof WorkspaceSettings)[];
export type BotSettings = Omit<WorkspaceSettings, (typeof NON_BOT_SETTINGS)[number]>;

export interface BotContent {
  format: typeof BOT_CONTENT_FORMAT;
  faqs: BotContentFaq[];
  synonyms: string[][];
  negatives: string[];
  settings: BotSettings;
  /** The product catalogue the bot answers attribute questions from (issue 16); absent in versions published before it. */
  products?: ProductFacts[];
  /** Labeled customer questions that calibrate the thresholds (FAQ id, or null: none should answer); absent in older versions. */
  labeled?: LabeledQuestion[];
}

export interface LabeledQuestion {
  text: string;
  faqId: number | null;
}

/** Labels are taken in steps of this many, so that each new label does not retrain the bot. */
export const LABEL_STEP = 10;

/**
 * The trainers' labels as real customer questions with a known outcome: variant / new FAQ /
 * wrong (the right FAQ) / correct (the FAQ the bot gave) point at an FAQ; chit-chat at none.
 * Transfer and ignore labels say nothing about which FAQ answers. Newest first, at most `limit`,
 * cut to a multiple of `step` (LABEL_STEP for the engine; 1 where every label counts, the suite
 * generator).
 */
export async function labeledQuestions(db: Db, workspaceId: number, limit = 2000, step = LABEL_STEP): Promise<LabeledQuestion[]> {
  const rows = await db
    .select({ text: logTurns.text, kind: logLabels.kind, faqId: logLabels.faqId, botFaqId: logLabels.botFaqId })
    .from(logLabels)
    .innerJoin(logTurns, eq(logTurns.id, logLabels.turnId))
    .where(
      and(eq(logLabels.workspaceId, workspaceId), isNull(logLabels.undoneAt), inArray(logLabels.kind, ["variant", "new_faq", "wrong", "correct", "chitchat"])),
    )
    .orderBy(desc(logLabels.id))
    .limit(limit);
  const out: LabeledQuestion[] = [];
  for (const r of rows) {
    if (r.kind === "chitchat") out.push({ text: r.text, faqId: null });
    else {
      const faqId = r.faqId ?? (r.kind === "correct" ? r.botFaqId : null);
      if (faqId !== null) out.push({ text: r.text, faqId });
    }
  }
  return out.slice(0, Math.floor(out.length / step) * step);
}

export function botSettingsOf(settings: WorkspaceSettings): BotSettings {
  const out: Record<string, unknown> = { ...settings };
  for (const k of NON_BOT_SETTINGS) delete out[k];
  return out as BotSettings;
}

export async function listSynonymGroups(db: Db, workspaceId: number) {
  return db
    .select({ id: synonymGroups.id, terms: synonymGroups.terms })
    .from(synonymGroups)
    .where(eq(synonymGroups.workspaceId, workspaceId))
    .orderBy(synonymGroups.id);
}

export async function chitchatExamples(db: Db, workspaceId: number, limit = 500) {
  const rows = await db
    .selectDistinct({ text: logTurns.text })
    .from(logLabels)
    .innerJoin(logTurns, eq(logTurns.id, logLabels.turnId))
    .where(and(eq(logLabels.workspaceId, workspaceId), eq(logLabels.kind, "chitchat"), isNull(logLabels.undoneAt)))
    .limit(limit);
  return rows.map((r) => r.text);
}

/** The draft: what trainers have edited so far. */
export async function loadBotContent(db: Db, workspaceId: number): Promise<BotContent> {
  const [kb, synonyms, negatives, settings, products, labeled] = await Promise.all([
    loadKnowledgeBase(db, workspaceId),
    listSynonymGroups(db, workspaceId),
    chitchatExamples(db, workspaceId),
    getSettings(db, workspaceId),
    loadProductFacts(db, workspaceId),
    labeledQuestions(db, workspaceId),
  ]);
  return {
    format: BOT_CONTENT_FORMAT,
    faqs: kb.faqs.map((f) => ({
      id: f.id,
      question: f.question,
      answer: f.answer,
      categoryId: f.categoryId,
      categoryName: f.categoryName,
      keywords: f.keywords,
      enabled: f.enabled,
      packId: f.packId,
      shadowedBy: f.shadowedBy,
      variants: f.variants.map((v) => v.text),
      relatedIds: f.relatedIds,
    })),
    synonyms: synonyms.map((s) => s.terms),
    negatives,
    settings: botSettingsOf(settings),
    products,
    labeled,
  };
}

/** Counts shown with a version. */
export function contentStats(c: BotContent) {
  return { faqs: c.faqs.length, variants: c.faqs.reduce((n, f) => n + f.variants.length, 0), synonyms: c.synonyms.length };
}
