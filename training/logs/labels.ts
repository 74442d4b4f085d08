/**
 * What a trainer can say about a logged customer turn (店小蜜's label kinds): the one list that the
 * schema (log_labels.kind), the audit catalog, the label queries and the inbox read. Plain data,
 * so the browser bundle can share it (issue 9 item 4).
 */
export const LABEL_KINDS = ["variant", "new_faq", "chitchat", "transfer", "correct", "wrong", "ignore"] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];
