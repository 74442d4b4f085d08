/**
 * The bot's four decisions (分级响应), the one list every layer reads: the policy returns one, the
 * schema stores one (bot_turns, log_turns, log_labels), the API documents them, the UI colours them.
 * Plain data with no imports, so the browser bundle can share it (issue 9 item 4).
 */
export const DECISIONS = ["answer", "clarify", "no_answer", "transfer"] as const;
export type Decision = (typeof DECISIONS)[number];

export function isDecision(x: unknown): x is Decision {
  return typeof x === "string" && (DECISIONS as readonly string[]).includes(x);
}
