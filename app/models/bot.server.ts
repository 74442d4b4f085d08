/**
 * The bot: the one decision path (issue 9 item 1). Every caller that asks the bot something goes
 * through `decideWith()` — the HTTP API and the simulator (`botReply`, which also stores the
 * turn), log replay (`decideMany`), test suites (`decideTurn`), metrics and the CLI — with the
 * workspace's rules from `policyRules(settings)` and the async decision (`decideAsync`), so an
 * engine with a pretrained model works for every caller alike.
 */
import { performance } from "node:perf_hooks";

import { getDb } from "~/db.server";

import { type Channel, getOrCreateSession, recentTurns, recordTurn } from "../../db/queries/bot";
import { getSettings, policyRules, type WorkspaceSettings } from "../../db/queries/settings";
import { KbError } from "../../training/errors";
import { decideAsync, type DecisionResult, type PolicyRules, type SessionTurn } from "../../training/policy";
import { type Engine, getEngine, getEngineInput } from "./engine.server";

export { MAX_MESSAGE_LENGTH, MAX_SESSION_ID_LENGTH } from "~/bot-api";

export type { SessionTurn };

export interface BotSuggestion {
  faqId: number;
  question: string;
  confidence: number;
  answer?: string;
}

export interface BotReply {
  decision: DecisionResult["decision"];
  faqId: number | null;
  answer: string | null;
  suggestions: BotSuggestion[];
  confidence: number;
  reason: DecisionResult["reason"];
  latencyMs: number;
  mode: "auto" | "assisted";
  reply: string | null;
  trigger: string | null;
  followUp: boolean;
  matchedText: string;
  candidates: { faqId: number; question: string; confidence: number; scores: Record<string, number | undefined> }[];
}

/**
 * Which knowledge answers: the draft (what trainers edit) or a published version. Until
 * knowledge-base versions exist (issue 13) every version is the draft.
 */
export type BotVersion = "draft" | "published" | number;

/** Everything one decision needs, loaded once and reused for many decisions (replay, suites). */
export interface Bot {
  workspaceId: number;
  version: BotVersion;
  engine: Engine | null;
  settings: WorkspaceSettings;
  rules: PolicyRules;
  answerOf(faqId: number): string | undefined;
  questionOf(faqId: number | string | null | undefined): string;
}

function round(x: number, d = 4) {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

async function engineOrNull(workspaceId: number, fresh: boolean): Promise<Engine | null> {
  try {
    return await getEngine(workspaceId, { fresh });
  } catch (e) {
    // A knowledge base without answered FAQs has no engine: every question is a no-answer.
    if (e instanceof KbError && e.code === "EMPTY_KB") return null;
    throw e;
  }
}

/**
 * The bot of a workspace. `fresh` waits for a retrain when the knowledge changed since the engine
 * was built (the simulator, suites and replay: a trainer expects an edit to take effect); without
 * it the current engine answers while a retrain runs (the API: latency first).
 */
export async function loadBot(workspaceId: number, opts: { version?: BotVersion; fresh?: boolean } = {}): Promise<Bot> {
  const [settings, engine] = await Promise.all([getSettings(getDb(), workspaceId), engineOrNull(workspaceId, opts.fresh ?? false)]);
  const input = getEngineInput(workspaceId);
  return {
    workspaceId,
    version: opts.version ?? "draft",
    engine,
    settings,
    rules: policyRules(settings),
    answerOf: (id) => input?.answers.get(id),
    questionOf: (id) => (id == null ? "" : (input?.questions.get(Number(id)) ?? "")),
  };
}

/** The one decision: a message and the session so far → the bot's reply. Nothing is stored. */
export async function decideWith(bot: Bot, text: string, history: SessionTurn[] = [], rules: PolicyRules = bot.rules): Promise<BotReply> {
  const t0 = performance.now();
  const result: DecisionResult = bot.engine
    ? await decideAsync(bot.engine, text, { turns: history }, rules)
    : {
        decision: "no_answer",
        faqId: null,
        suggestions: [],
        confidence: 0,
        reason: null,
        matchedText: text,
        followUp: false,
        reply: rules.fallbackReply ?? bot.settings.fallbackReply,
        candidates: [],
      };
  const latencyMs = round(performance.now() - t0, 3);
  const confidenceOf = new Map(result.candidates.map((c) => [c.faqId, c.confidence]));
  const assisted = bot.settings.mode === "assisted";
  const faqId = result.faqId === null ? null : Number(result.faqId);
  const answer = result.decision === "answer" && faqId !== null ? (bot.answerOf(faqId) ?? result.reply) : null;
  return {
    decision: result.decision,
    faqId,
    answer: assisted ? null : answer,
    suggestions: assisted
      ? result.candidates.slice(0, 3).map((c) => ({
          faqId: Number(c.faqId),
          question: bot.questionOf(c.faqId),
          confidence: round(c.confidence),
          answer: bot.answerOf(Number(c.faqId)),
        }))
      : result.suggestions.map((id) => ({ faqId: Number(id), question: bot.questionOf(id), confidence: round(confidenceOf.get(id) ?? 0) })),
    confidence: round(result.confidence),
    reason: result.reason,
    latencyMs,
    mode: bot.settings.mode,
    reply: assisted ? null : result.reply,
    trigger: result.trigger ?? null,
    followUp: result.followUp,
    matchedText: result.matchedText,
    candidates: result.candidates.slice(0, 5).map((c) => ({
      faqId: Number(c.faqId),
      question: bot.questionOf(c.faqId),
      confidence: round(c.confidence),
      scores: Object.fromEntries(Object.entries(c.scores).map(([k, v]) => [k, v === undefined ? undefined : round(v)])),
    })),
  };
}

/** The history turn a reply leaves behind, for callers that keep the session themselves (suites). */
export function historyTurn(text: string, r: Pick<BotReply, "decision" | "faqId" | "matchedText">): SessionTurn {
  return { text, decision: r.decision, faqId: r.faqId === null ? null : String(r.faqId), matchedText: r.matchedText };
}

/** One decision for a caller that keeps its own session (test suites): nothing is stored. */
export async function decideTurn(opts: { workspaceId: number; text: string; history?: SessionTurn[]; version?: BotVersion; fresh?: boolean }): Promise<BotReply> {
  const bot = await loadBot(opts.workspaceId, { version: opts.version, fresh: opts.fresh ?? true });
  return decideWith(bot, opts.text, opts.history ?? []);
}

/** A customer message through the API or the simulator: decided in its session and stored as a turn. */
export async function botReply(opts: { workspaceId: number; channel: Channel; sessionId: string; text: string; fresh?: boolean; version?: BotVersion }): Promise<BotReply> {
  const db = getDb();
  const [bot, session] = await Promise.all([
    loadBot(opts.workspaceId, { version: opts.version, fresh: opts.fresh ?? opts.channel === "simulator" }),
    getOrCreateSession(db, opts.workspaceId, opts.channel, opts.sessionId),
  ]);
  const history = await recentTurns(db, session.id);
  const reply = await decideWith(
    bot,
    opts.text,
    history.map((h) => ({ text: h.text, decision: h.decision, faqId: h.faqId === null ? null : String(h.faqId), matchedText: h.matchedText ?? undefined })),
  );
  await recordTurn(db, {
    workspaceId: opts.workspaceId,
    sessionId: session.id,
    text: opts.text,
    matchedText: reply.matchedText,
    decision: reply.decision,
    faqId: reply.faqId,
    confidence: reply.confidence,
    reason: reply.reason,
    reply: reply.reply,
    suggestions: reply.suggestions.map(({ faqId: f, question: q, confidence: c }) => ({ faqId: f, question: q, confidence: c })),
    mode: bot.settings.mode,
    latencyMs: reply.latencyMs,
  });
  return reply;
}

export interface StatelessDecision {
  decision: DecisionResult["decision"];
  faqId: number | null;
  confidence: number;
}

/**
 * Stateless decisions for many texts (each its own one-turn session), nothing stored: replaying
 * chat logs, previews. Repeated texts are decided once.
 */
export async function decideMany(workspaceId: number, texts: string[], opts: { version?: BotVersion; bot?: Bot } = {}): Promise<StatelessDecision[]> {
  const bot = opts.bot ?? (await loadBot(workspaceId, { version: opts.version, fresh: true }));
  const rules: PolicyRules = { ...bot.rules, maxFailures: 0, followUp: false };
  const cache = new Map<string, StatelessDecision>();
  const out: StatelessDecision[] = [];
  for (const text of texts) {
    let r = cache.get(text);
    if (!r) {
      const d = await decideWith(bot, text, [], rules);
      r = { decision: d.decision, faqId: d.faqId, confidence: d.confidence };
      cache.set(text, r);
    }
    out.push(r);
  }
  return out;
}
