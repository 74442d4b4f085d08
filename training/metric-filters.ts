/**
 * The metrics pages' filter values: plain data shared by the queries (db/queries/metrics.ts) and
 * the pages, which render them — a value imported from a .server module is undefined in the browser.
 */
export const METRIC_CHANNELS = ["all", "api", "logs"] as const;
export const TRANSFER_REASONS = ["human_requested", "repeated_failure", "negative_emotion", "sensitive_keyword", "unknown"] as const;
export const DRILL_SESSION_FILTERS = ["all", "transfer", "direct", "contained"] as const;
export const DRILL_TURN_FILTERS = ["all", "answer", "clarify", "no_answer", "transfer"] as const;
