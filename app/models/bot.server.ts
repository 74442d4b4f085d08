/**
 * The bot: the one decision path (issue 9 item 1). Every caller that asks the bot something goes
 * through `decideWith()` — the HTTP API and the simulator (`botReply`, which also stores the
 * turn), log replay (`decideMany`), test suites (`decideTurn`), metrics and the CLI — with the
 * workspace's rules from `policyRules(settings)` and the async decision (`decideAsync`), so an
 * engine with a pretrained model works for every caller alike.
 */
import { performance } from "node:perf_hooks";

import type { BotReplyResponse } from "~/bot-api";
import { getDb } from "~/db.server";

import { type Channel, getOrCreateSession, recentTurns, recordTurn } from "../../db/queries/bot";
import type { BotContent } from "../../db/queries/bot-content";
import type { EngineInput } from "../../db/queries/engine-input";
import { productFacts, sessionProduct } from "../../db/queries/products";
import { getSettings, policyRules, type WorkspaceSettings } from "../../db/queries/settings";
import { KbError } from "../../training/errors";
import { decideAsync, type DecisionResult, type PolicyRules, type SessionTurn } from "../../training/policy";
import { answerProductQuestion, type ProductAnswer, type ProductFacts } from "../../training/products";
import { type Engine, getEngine, getEngineInput, getVersionEngine } from "./engine.server";

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
  /** The standard question of faqId (what an external test of this API checks the FAQ by). */
  question: string | null;
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
  /** The product the buyer is looking at (issue 16), and its attribute answer when it gave this reply. */
  product: { externalId: string; title: string; answer: ProductAnswer | null } | null;
}

/** What a decision knows besides the text: the product the buyer is looking at (issue 16). */
export interface DecisionContext {
  productId?: string | null;
}

/**
 * Which knowledge answers: the draft (what trainers edit), the latest published version, or
 * published version N (issue 13).
 */
export type BotVersion = "draft" | "published" | number;

/** Everything one decision needs, loaded once and reused for many decisions (replay, suites). */
export interface Bot {
  workspaceId: number;
  /** What answers: "draft", or the number of the published version (never "published"). */
  version: "draft" | number;
  /** "published" was asked for but nothing is published yet: the draft answers (the UI says so). */
  unpublished: boolean;
  engine: Engine | null;
  settings: WorkspaceSettings;
  rules: PolicyRules;
  answerOf(faqId: number): string | undefined;
  questionOf(faqId: number | string | null | undefined): string;
  /** A product of the catalogue this bot answers from (the draft's or the version's), by 商品ID. */
  productOf(externalId: string): Promise<ProductFacts | null>;
}

const catalogues = new WeakMap<object, Map<string, ProductFacts>>();

/** A version's catalogue as a map, built once per loaded snapshot. */
function catalogueOf(content: { products?: ProductFacts[] }) {
  let m = catalogues.get(content);
  if (!m) catalogues.set(content, (m = new Map((content.products ?? []).map((p) => [p.externalId, p]))));
  return m;
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
  const asked = opts.version ?? "draft";
  if (asked !== "draft") {
    const [loaded, live] = await Promise.all([getVersionEngine(workspaceId, asked), getSettings(getDb(), workspaceId)]);
    if (loaded) return snapshotBot({ workspaceId, version: loaded.number, content: loaded.content, input: loaded.input, engine: loaded.engine, live });
    if (typeof asked === "number") throw new KbError("VERSION_NOT_FOUND", { version: asked });
  }
  const [settings, engine] = await Promise.all([getSettings(getDb(), workspaceId), engineOrNull(workspaceId, opts.fresh ?? false)]);
  const input = getEngineInput(workspaceId);
  return {
    workspaceId,
    version: "draft",
    unpublished: asked === "published",
    engine,
    settings,
    rules: policyRules(settings),
    answerOf: (id) => input?.answers.get(id),
    questionOf: (id) => (id == null ? "" : (input?.questions.get(Number(id)) ?? "")),
    productOf: (externalId) => productFacts(getDb(), workspaceId, externalId),
  };
}

/**
 * The bot of a snapshot's content and engine: a published version, or the draft being published
 * (its gate runs against exactly what will be committed). Decision settings come from the
 * snapshot; the rest (onboarding, the gate) stays live.
 */
export function snapshotBot(opts: {
  workspaceId: number;
  version: "draft" | number;
  content: BotContent;
  input: EngineInput;
  engine: Engine | null;
  live: WorkspaceSettings;
}): Bot {
  const settings: WorkspaceSettings = { ...opts.live, ...opts.content.settings };
  const { input } = opts;
  return {
    workspaceId: opts.workspaceId,
    version: opts.version,
    unpublished: false,
    engine: opts.engine,
    settings,
    rules: policyRules(settings),
    answerOf: (id) => input.answers.get(id),
    questionOf: (id) => (id == null ? "" : (input.questions.get(Number(id)) ?? "")),
    // A snapshot answers products from its own catalogue (versions before products had none).
    productOf: async (externalId) => catalogueOf(opts.content).get(externalId) ?? null,
  };
}

/** The one decision: a message and the session so far → the bot's reply. Nothing is stored. */
export async function decideWith(
  bot: Bot,
  text: string,
  history: SessionTurn[] = [],
  rules: PolicyRules = bot.rules,
  context: DecisionContext = {},
): Promise<BotReply> {
  const t0 = performance.now();
  const product = context.productId ? await bot.productOf(context.productId) : null;
  // A question about the product the buyer is looking at is answered from its attributes; anything else goes to the FAQs.
  const productAnswer = product ? answerProductQuestion(product, text) : null;
  if (product && productAnswer) return productReply(bot, text, product, productAnswer, t0);
  const productInfo = product ? { externalId: product.externalId, title: product.title, answer: null } : null;
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
    question: faqId === null ? null : bot.questionOf(faqId) || null,
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
    product: productInfo,
  };
}

/** The reply of an attribute answer (or an honest "暂时没有"): decided from the product, not the FAQs. */
function productReply(bot: Bot, text: string, product: ProductFacts, a: ProductAnswer, t0: number): BotReply {
  const assisted = bot.settings.mode === "assisted";
  return {
    decision: "answer",
    faqId: null,
    question: null,
    answer: assisted ? null : a.reply,
    suggestions: [],
    confidence: 1,
    reason: null,
    latencyMs: round(performance.now() - t0, 3),
    mode: bot.settings.mode,
    reply: assisted ? null : a.reply,
    trigger: `product_${a.kind}`,
    followUp: false,
    matchedText: text,
    candidates: [],
    product: { externalId: product.externalId, title: product.title, answer: a },
  };
}

/** The FAQ ids a clarify offered, kept in the session so that a reply "2" picks the second. */
function offered(decision: BotReply["decision"], suggestions: { faqId: number }[] | undefined): string[] | undefined {
  return decision === "clarify" && suggestions?.length ? suggestions.map((s) => String(s.faqId)) : undefined;
}

/** The history turn a reply leaves behind, for callers that keep the session themselves (suites). */
export function historyTurn(text: string, r: Pick<BotReply, "decision" | "faqId" | "matchedText"> & Partial<Pick<BotReply, "suggestions">>): SessionTurn {
  return { text, decision: r.decision, faqId: r.faqId === null ? null : String(r.faqId), matchedText: r.matchedText, suggestions: offered(r.decision, r.suggestions) };
}

/** One decision for a caller that keeps its own session (test suites): nothing is stored. */
export async function decideTurn(opts: {
  workspaceId: number;
  text: string;
  history?: SessionTurn[];
  version?: BotVersion;
  fresh?: boolean;
  productId?: string | null;
}): Promise<BotReply> {
  const bot = await loadBot(opts.workspaceId, { version: opts.version, fresh: opts.fresh ?? true });
  return decideWith(bot, opts.text, opts.history ?? [], bot.rules, { productId: opts.productId });
}

/** A customer message through the API or the simulator: decided in its session and stored as a turn. */
export async function botReply(opts: {
  workspaceId: number;
  channel: Channel;
  sessionId: string;
  text: string;
  fresh?: boolean;
  version?: BotVersion;
  /** The product the buyer is looking at; remembered by the session for later turns without it. */
  productId?: string | null;
}): Promise<BotReply> {
  const db = getDb();
  const [bot, session] = await Promise.all([
    loadBot(opts.workspaceId, { version: opts.version, fresh: opts.fresh ?? opts.channel === "simulator" }),
    getOrCreateSession(db, opts.workspaceId, opts.channel, opts.sessionId),
  ]);
  const [history, productId] = await Promise.all([recentTurns(db, session.id), sessionProduct(db, session.id, opts.productId)]);
  const reply = await decideWith(
    bot,
    opts.text,
    history.map((h) => ({
      text: h.text,
      decision: h.decision,
      faqId: h.faqId === null ? null : String(h.faqId),
      matchedText: h.matchedText ?? undefined,
      suggestions: offered(h.decision, h.suggestions),
    })),
    bot.rules,
    { productId },
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

/** The HTTP API's answer for a reply (POST /api/v1/bot/reply); `kb bot:reply --json` prints the same object. */
export function apiReplyBody(r: BotReply): BotReplyResponse {
  return {
    decision: r.decision,
    faqId: r.faqId,
    question: r.question,
    answer: r.answer,
    suggestions: r.suggestions,
    confidence: r.confidence,
    reason: r.reason,
    latencyMs: r.latencyMs,
    mode: r.mode,
    reply: r.reply,
    productId: r.product?.externalId ?? null,
    productAnswer: r.product?.answer?.kind ?? null,
  };
}
