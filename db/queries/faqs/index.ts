/**
 * The FAQ knowledge base: categories, FAQs with their variants (相似问法), keywords and related
 * FAQs (关联问题), duplicate and conflict checks, and the audit trail of every change.
 */
export * from "./categories";
export * from "./check";
export * from "./read";
export * from "./shared";
export * from "./variants";
export * from "./write";
