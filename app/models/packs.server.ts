/** The routes' door to industry packs (db/queries/packs/), bound to the process database. */
import { getDb } from "~/db.server";

import * as p from "../../db/queries/packs";
import { onKnowledgeChanged } from "./knowledge-events.server";

export type { OnboardingReport, PackCenterRow, PackDiff, PackTodoRow, SkippedPhrasing,SubscribeReport, UnsubscribeReport, UpgradeReport } from "../../db/queries/packs";
export { ONBOARDING_FIELDS, REQUIRED_PROFILE } from "../../db/queries/packs";
export { PACK_INDUSTRIES } from "../../training/packs/load";
import { getPack } from "../../training/packs/load";

export const packCenter = (workspaceId: number) => p.packCenter(getDb(), { workspaceId });
export const diffPack = (workspaceId: number, packId: string) => p.diffPack(getDb(), { workspaceId, packId });
export const listPackTodo = (opts: { workspaceId: number; packId?: string; page?: number; pageSize?: number }) => p.listPackTodo(getDb(), opts);
export const countPackTodo = (workspaceId: number, packId?: string) => p.countPackTodo(getDb(), workspaceId, packId);
export const packFaqInfo = (workspaceId: number, faqId: number) => p.packFaqInfo(getDb(), { workspaceId, faqId });
export const onboardingState = (workspaceId: number) => p.onboardingState(getDb(), workspaceId);
export const packIds = () => p.listPackSummaries().map((s) => s.id);

export async function subscribePack(opts: { workspaceId: number; packId: string; userId: number }) {
  const r = await p.subscribePack(getDb(), opts);
  if (r.created) onKnowledgeChanged(opts.workspaceId);
  return r;
}

export async function unsubscribePack(opts: { workspaceId: number; packId: string; userId: number }) {
  const r = await p.unsubscribePack(getDb(), opts);
  if (r.removed) onKnowledgeChanged(opts.workspaceId);
  return r;
}

export async function upgradePack(opts: { workspaceId: number; packId: string; userId: number }) {
  const r = await p.upgradePack(getDb(), opts);
  onKnowledgeChanged(opts.workspaceId);
  return r;
}

export async function completeOnboarding(opts: { workspaceId: number; userId: number; profile: Record<string, string> }) {
  const r = await p.completeOnboarding(getDb(), opts);
  onKnowledgeChanged(opts.workspaceId);
  return r;
}

/** For the settings page: after the shop profile changed, refill the answers it drives. */
export async function refreshPackAnswers(opts: { workspaceId: number; userId: number; previousProfile?: Record<string, string> }) {
  const n = await p.refreshPackAnswers(getDb(), opts);
  if (n) onKnowledgeChanged(opts.workspaceId);
  return n;
}

/** One pack file as the detail page shows it; null for an unknown id. */
export function getPackDetail(packId: string) {
  const pack = getPack(packId);
  if (!pack) return null;
  return {
    ...p.summarizePack(pack),
    questions: pack.questions.map((q) => ({ key: q.key, category: q.category, question: q.question, variants: q.variants, answerTemplate: q.answerTemplate })),
  };
}
