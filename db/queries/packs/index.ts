/**
 * Industry packs in a workspace (issue 5): subscribe, unsubscribe (answers archived), upgrade to
 * a newer pack version (merchant answers and variants kept), the to-do list of unanswered pack
 * questions and the shop profile that fills answer templates.
 *
 * Pack content lives in files (training/packs); the database holds only what the workspace got
 * from a pack (faqs.packId/packKey/packVersion, variants.source = "pack"). Upgrades therefore diff
 * the workspace's copy against the current pack file, not two pack files: the old file is gone
 * once the code is upgraded.
 *
 * One file per seam: pack files (files.ts), what the others share (shared.ts), subscribe and
 * unsubscribe (subscribe.ts), upgrade (upgrade.ts), the subscription center (center.ts), the shop
 * profile and onboarding (onboarding.ts).
 */
export { countPackTodo, listPackTodo, packCenter, type PackCenterRow, packFaqInfo, type PackTodoRow } from "./center";
export { compareVersions, listPackSummaries, packExportLines, type PackSummary, summarizePack, templateAnswer } from "./files";
export {
  completeOnboarding,
  ONBOARDING_FIELDS,
  type OnboardingField,
  type OnboardingReport,
  onboardingState,
  refreshPackAnswers,
  REQUIRED_PROFILE,
  WELCOME_CARD_KEYS,
} from "./onboarding";
export type { PackDirOption, SkippedPhrasing } from "./shared";
export { subscribeDefaultPacks, subscribePack, type SubscribeReport, unsubscribePack, type UnsubscribeReport } from "./subscribe";
export { diffPack, type PackDiff, upgradePack, type UpgradeReport } from "./upgrade";
