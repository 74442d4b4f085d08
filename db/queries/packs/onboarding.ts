/** The shop profile and the onboarding wizard (开店引导): templates filled from the profile, default and industry packs. */
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";

import { loadPacks } from "../../../training/packs/load";
import type { Db } from "../../client";
import { faqs } from "../../schema";
import { writeAudit } from "../audit";
import { DEFAULT_WELCOME, updateSettings, type WorkspaceSettings } from "../settings";
import { templateAnswer } from "./files";
import { countUnansweredIn, type PackDirOption, type Q, readProfile } from "./shared";
import { subscribeInTx, type SubscribeReport } from "./subscribe";

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

/** The shop-profile answers the wizard requires (退货地址 is optional). */
export const REQUIRED_PROFILE = ONBOARDING_FIELDS.filter((f) => f !== "退货地址");

export async function onboardingState(db: Q, workspaceId: number) {
  const settings = await readProfile(db, workspaceId);
  const [{ merchant }] = await db
    .select({ merchant: sql<number>`count(*)` })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, workspaceId), sql`${faqs.packId} is null`));
  const missing = REQUIRED_PROFILE.filter((k) => !settings.shopProfile[k]?.trim());
  return {
    /** Done only when the wizard's required answers are all there (issue 15 item 12). */
    onboarded: settings.onboarded && missing.length === 0,
    /** Required profile answers still empty. */
    missing,
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
