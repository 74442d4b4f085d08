/**
 * The plain shapes the pack pages hand their components (loaders return exactly these fields),
 * derived from the db types so that a field changed there is changed here too.
 */
import type { PackCenterRow, PackDiff, PackTodoRow, SkippedPhrasing } from "~/models/packs.server";

/** A row of the subscription center (db/queries/packs PackCenterRow), `default` renamed `isDefault`, without the changelog. */
export type PackRow = Omit<PackCenterRow, "default" | "changelog"> & { isDefault: boolean };

/** An unanswered pack question of the to-do list (db/queries/packs PackTodoRow). */
export type PackTodoItem = Pick<PackTodoRow, "faqId" | "packName" | "question" | "categoryName" | "template" | "missing">;

export interface PackActionResult {
  intent: "subscribe" | "unsubscribe";
  packId: string;
  created: number;
  restored: number;
  unanswered: number;
  synonymsAdded: number;
  removed: number;
  archived: number;
  skipped: Omit<SkippedPhrasing, "packId">[];
  skippedTotal: number;
}

/** The upgrade preview (db/queries/packs PackDiff, as the loader serializes it): the fields the card shows. */
export type PackDiffView = Pick<PackDiff, "fromVersion" | "toVersion" | "changelog" | "changed"> & {
  added: Pick<PackDiff["added"][number], "key" | "question" | "category">[];
  removed: Pick<PackDiff["removed"][number], "key" | "question" | "faqId" | "keep">[];
};
