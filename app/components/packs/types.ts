/** The plain shapes the pack pages hand their components (loaders return exactly these fields). */
export interface PackRow {
  id: string;
  name: string;
  industry: string;
  description: string;
  isDefault: boolean;
  version: string;
  questions: number;
  variants: number;
  synonyms: number;
  subscribed: boolean;
  subscribedVersion: string | null;
  upgradeAvailable: boolean;
  whatsNew: { version: string; notes: string }[];
  faqCount: number;
  unanswered: number;
}

export interface PackTodoItem {
  faqId: number;
  packName: string;
  question: string;
  categoryName: string;
  template: string;
  missing: string[];
}

export interface PackActionResult {
  intent: "subscribe" | "unsubscribe";
  packId: string;
  created: number;
  restored: number;
  unanswered: number;
  synonymsAdded: number;
  removed: number;
  archived: number;
  skipped: { key: string; text: string; kind: "question" | "variant"; ownerFaqId: number; ownerQuestion: string }[];
  skippedTotal: number;
}

/** The upgrade preview (db/queries/packs PackDiff, as the loader serializes it). */
export interface PackDiffView {
  fromVersion: string;
  toVersion: string;
  changelog: { version: string; notes: string }[];
  added: { key: string; question: string; category: string }[];
  changed: { key: string; faqId: number; question: string; newQuestion: string | null; addedVariants: string[]; removedVariants: string[] }[];
  removed: { key: string; question: string; faqId: number; keep: boolean }[];
}
