/**
 * The bot: one reply to one customer message, through the same decide() as the eval command,
 * with the workspace's rules, stored as a conversation turn.
 */
import { performance } from "node:perf_hooks";

import { getDb } from "~/db.server";

import { type Channel,getOrCreateSession, recentTurns, recordTurn } from "../../db/queries/bot";
import { getSettings, type WorkspaceSettings } from "../../db/queries/settings";
import { KbError } from "../../training/errors";
import { decide, decideAsync, type DecisionResult, DEFAULT_COMPLAINT_KEYWORDS, DEFAULT_HUMAN_KEYWORDS, type PolicyRules } from "../../training/policy";
import { type Engine,getEngine, getEngineInput } from "./engine.server";

export const MAX_MESSAGE_LENGTH = 500;

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
  reason: string | null;
  latencyMs: number;
  mode: "auto" | "assisted";
  reply: string | null;
  trigger: string | null;
  followUp: boolean;
  matchedText: string;
  candidates: { faqId: number; question: string; confidence: number; scores: Record<string, number | undefined> }[];
}

export function rulesFrom(settings: WorkspaceSettings): PolicyRules {
  return {
    answerThreshold: settings.answerThreshold ?? undefined,
    clarifyThreshold: settings.clarifyThreshold ?? undefined,
    maxFailures: settings.maxFailures,
    humanKeywords: [...DEFAULT_HUMAN_KEYWORDS, ...settings.humanKeywords],
    complaintKeywords: [...DEFAULT_COMPLAINT_KEYWORDS, ...settings.complaintKeywords],
    sensitiveKeywords: settings.sensitiveKeywords,
    fallbackReply: settings.fallbackReply,
    candidates: 5,
  };
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

export async function botReply(opts: { workspaceId: number; channel: Channel; sessionId: string; text: string; fresh?: boolean }): Promise<BotReply> {
  const db = getDb();
  const [settings, session, engine] = await Promise.all([
    getSettings(db, opts.workspaceId),
    getOrCreateSession(db, opts.workspaceId, opts.channel, opts.sessionId),
    engineOrNull(opts.workspaceId, opts.fresh ?? opts.channel === "simulator"),
  ]);
  const history = await recentTurns(db, session.id);
  const input = getEngineInput(opts.workspaceId);
  const question = (id: string | number | null | undefined) => (id == null ? "" : (input?.questions.get(Number(id)) ?? ""));
  const rules = rulesFrom(settings);
  const t0 = performance.now();
  let result: DecisionResult;
  if (engine) {
    const sessionData = { turns: history.map((h) => ({ text: h.text, decision: h.decision, faqId: h.faqId === null ? null : String(h.faqId), matchedText: h.matchedText ?? undefined })) };
    result = engine.stats.encoders.includes("transformer")
      ? await decideAsync(engine, opts.text, sessionData, rules)
      : decide(engine, opts.text, sessionData, rules);
  } else {
    result = { decision: "no_answer", faqId: null, suggestions: [], confidence: 0, reason: null, matchedText: opts.text, followUp: false, reply: settings.fallbackReply, candidates: [] };
  }
  const latencyMs = round(performance.now() - t0, 3);
  const confidenceOf = new Map(result.candidates.map((c) => [c.faqId, c.confidence]));
  const suggestions: BotSuggestion[] = result.suggestions.map((id) => ({ faqId: Number(id), question: question(id), confidence: round(confidenceOf.get(id) ?? 0) }));
  const assisted = settings.mode === "assisted";
  const faqId = result.faqId === null ? null : Number(result.faqId);
  const answer = result.decision === "answer" && faqId !== null ? (input?.answers.get(faqId) ?? result.reply) : null;
  const reply: BotReply = {
    decision: result.decision,
    faqId,
    answer: assisted ? null : answer,
    suggestions: assisted
      ? result.candidates.slice(0, 3).map((c) => ({ faqId: Number(c.faqId), question: question(c.faqId), confidence: round(c.confidence), answer: input?.answers.get(Number(c.faqId)) }))
      : suggestions,
    confidence: round(result.confidence),
    reason: result.reason,
    latencyMs,
    mode: settings.mode,
    reply: assisted ? null : result.reply,
    trigger: result.trigger ?? null,
    followUp: result.followUp,
    matchedText: result.matchedText,
    candidates: result.candidates.slice(0, 5).map((c) => ({ faqId: Number(c.faqId), question: question(c.faqId), confidence: round(c.confidence), scores: Object.fromEntries(Object.entries(c.scores).map(([k, v]) => [k, v === undefined ? undefined : round(v)])) })),
  };
  await recordTurn(db, {
    workspaceId: opts.workspaceId,
    sessionId: session.id,
    text: opts.text,
    matchedText: result.matchedText,
    decision: result.decision,
    faqId,
    confidence: reply.confidence,
    reason: result.reason,
    reply: reply.reply,
    suggestions: reply.suggestions.map(({ faqId: f, question: q, confidence: c }) => ({ faqId: f, question: q, confidence: c })),
    mode: settings.mode,
    latencyMs,
  });
  return reply;
}

/** Stateless decisions for many texts (each a fresh session), nothing stored: replaying chat logs. */
export async function decideMany(workspaceId: number, texts: string[]) {
  const db = getDb();
  const [settings, engine] = await Promise.all([getSettings(db, workspaceId), engineOrNull(workspaceId, true)]);
  const rules = { ...rulesFrom(settings), maxFailures: 0, followUp: false };
  const cache = new Map<string, { decision: DecisionResult["decision"]; faqId: number | null; confidence: number }>();
  const out: { decision: DecisionResult["decision"]; faqId: number | null; confidence: number }[] = [];
  for (const text of texts) {
    let r = cache.get(text);
    if (!r) {
      if (!engine) r = { decision: "no_answer", faqId: null, confidence: 0 };
      else {
        const d = engine.stats.encoders.includes("transformer") ? await decideAsync(engine, text, { turns: [] }, rules) : decide(engine, text, { turns: [] }, rules);
        r = { decision: d.decision, faqId: d.faqId === null ? null : Number(d.faqId), confidence: round(d.confidence) };
      }
      cache.set(text, r);
    }
    out.push(r);
  }
  return out;
}
