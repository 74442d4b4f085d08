/**
 * Checking one turn of a scenario case against what the bot did (issue 11). Plain data in, plain
 * data out: the runner hands the expectation and the bot's reply, this says pass or why not. FAQs
 * are compared by their normalized standard question, the way the FAQ import matches them.
 */
import { normalizeKey } from "../normalize";
import type { Decision, TransferReason as PolicyTransferReason } from "../policy";

export const SUITE_DECISIONS = ["answer", "clarify", "no_answer", "transfer"] as const satisfies readonly Decision[];
export type SuiteDecision = Decision;
export const TRANSFER_REASONS = ["human_requested", "repeated_failure", "negative_emotion", "sensitive_keyword"] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number] & PolicyTransferReason;

/** What a turn expects; every field is optional and all given ones must hold. */
export interface TurnExpect {
  decision?: SuiteDecision;
  /** The standard question of the FAQ the bot should answer with (a pack question counts). */
  faq?: string;
  reason?: TransferReason;
  /** The standard question that must be among the clarify suggestions. */
  clarifyContains?: string;
  contains?: string;
  notContains?: string;
  minConfidence?: number;
}

/** What the bot did in one turn of a run. */
export interface TurnActual {
  decision: SuiteDecision;
  faqId: number | null;
  faq: string | null;
  suggestions: string[];
  confidence: number;
  reason: string | null;
  reply: string | null;
}

/** Why a turn failed: a code the UI words, with what was expected and what came. */
export interface TurnFailure {
  field: "decision" | "faq" | "reason" | "clarifyContains" | "contains" | "notContains" | "minConfidence" | "error";
  expected: string | number | null;
  actual: string | number | null;
  /** For an "error" failure: the error code's parameters (status, ms, detail), so it can be worded. */
  params?: Record<string, string | number | boolean | null>;
}

export function sameQuestion(a: string | null | undefined, b: string | null | undefined) {
  return !!a && !!b && normalizeKey(a) === normalizeKey(b);
}

/** Every failed expectation of one turn; empty when the turn passes. */
export function checkTurn(expect: TurnExpect, actual: TurnActual): TurnFailure[] {
  const out: TurnFailure[] = [];
  if (expect.decision && actual.decision !== expect.decision) out.push({ field: "decision", expected: expect.decision, actual: actual.decision });
  // An FAQ is only "answered with" when the bot answered: a no-answer or clarify still carries its
  // best candidate, which must not pass an FAQ expectation.
  const answered = actual.decision === "answer" ? actual.faq : null;
  if (expect.faq && !sameQuestion(expect.faq, answered)) out.push({ field: "faq", expected: expect.faq, actual: actual.faq });
  if (expect.reason && actual.reason !== expect.reason) out.push({ field: "reason", expected: expect.reason, actual: actual.reason });
  if (expect.clarifyContains && !actual.suggestions.some((s) => sameQuestion(s, expect.clarifyContains)))
    out.push({ field: "clarifyContains", expected: expect.clarifyContains, actual: actual.suggestions.join(" / ") || null });
  const reply = actual.reply ?? "";
  if (expect.contains && !reply.includes(expect.contains)) out.push({ field: "contains", expected: expect.contains, actual: actual.reply });
  if (expect.notContains && reply.includes(expect.notContains)) out.push({ field: "notContains", expected: expect.notContains, actual: actual.reply });
  if (expect.minConfidence !== undefined && actual.confidence < expect.minConfidence)
    out.push({ field: "minConfidence", expected: expect.minConfidence, actual: actual.confidence });
  return out;
}

/** A turn with no expectation at all still runs (it builds the session) and always passes. */
export function hasExpectation(e: TurnExpect) {
  return Object.values(e).some((v) => v !== undefined && v !== "");
}
