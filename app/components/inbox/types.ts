import type { ErrorParams } from "~/i18n";

import type { Decision } from "../../../training/decisions";
import type { LabelKind } from "../../../training/logs/labels";

/** The plain shapes the inbox page hands its components (its loaders and action return exactly these fields). */
export interface FaqSuggestion {
  faqId: number;
  question: string;
  confidence: number;
}

/** One cluster row of the inbox table. */
export interface InboxClusterRow {
  id: string;
  representative: string;
  count: number;
  texts: { text: string; count: number }[];
  decision: Decision | null;
  maxConfidence: number | null;
  bestFaq: { id: number; question: string; category: string } | null;
  suggestions: FaqSuggestion[];
}

/** The view's filters as the inbox loader reads them from the URL. */
export interface InboxQuery {
  queue: "unmatched" | "near" | "sample";
  q?: string;
  batch?: number;
  decision?: Decision;
  category?: number;
  from?: string;
  to?: string;
  min?: number;
  max?: number;
  page: number;
  pageSize?: number;
}

/** One of the user's latest label actions (undo takes the newest). */
export interface RecentAction {
  actionId: number;
  kind: string;
  n: number;
  faq: string | null;
}

/** What the labels fetcher gets back from the inbox action. */
export type LabelActionData =
  | { ok: true; intent: "undo"; undone: number; removed: number }
  | {
      ok: true;
      intent: "label";
      kind: LabelKind;
      labeled: number;
      actionId: number;
      added: number;
      skipped: { text: string; reason: string; question: string | null }[];
    }
  | { ok: false; error: { key: string } | { code: string; params: ErrorParams } };

/** The turns of one cluster, a page at a time (the logs/cluster resource route). */
export interface ClusterMembersData {
  id: string;
  total: number;
  page: number;
  pageSize: number;
  rows: {
    id: number;
    text: string;
    rawText: string | null;
    sessionKey: string;
    time: number | null;
    batchId: number;
    decision: Decision | null;
    confidence: number | null;
    faqQuestion: string | null;
  }[];
}

/** The turns around one turn in its session (the logs/context resource route). */
export interface SessionContextData {
  sessionKey: string;
  turns: {
    id: number;
    role: "customer" | "agent" | "bot" | "system";
    text: string;
    rawText: string | null;
    time: number | null;
    noise: string | null;
    decision: Decision | null;
    current: boolean;
  }[];
}
