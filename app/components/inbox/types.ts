import type { Decision } from "../../../training/decisions";

/** The plain shapes the inbox page hands its components as props (the page passes its loader data, so tsc checks them there). */
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
