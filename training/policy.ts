/**
 * The dialog policy (分级响应, issue 3): one customer message + the session so far → a decision.
 *
 * Order: transfer rules first (customer asks for a human; complaint / strong negative emotion;
 * sensitive keyword: training/transfer-rules.ts reads the whole utterance, not a substring), then
 * a pick of one of the questions a clarify offered ("2", "第一个"), then matching (with multi-turn
 * follow-up resolution), then the confidence bands (answer >= answerThreshold > clarify >=
 * clarifyThreshold > no_answer), and finally the repeated-failure rule: the Nth consecutive failed
 * attempt at a real question (clarify / no_answer; chit-chat neither counts nor resets) becomes a
 * transfer. Full-auto versus assisted mode is the app's concern: this returns the decision and
 * candidates, and every decision carries the reply text the channel sends.
 */
import type { Decision } from "./decisions";
import type { Engine, MatchResult } from "./engine";
import { normalizeKey, normalizeText } from "./normalize";
import { DEFAULT_CLARIFY_PROMPT, DEFAULT_FALLBACK_REPLY, DEFAULT_TRANSFER_REPLY } from "./policy-data";
import { findTransferKeyword, isChitChat, type KeywordRuleKind } from "./transfer-rules";

export type { Decision } from "./decisions";
export type TransferReason = "human_requested" | "repeated_failure" | "negative_emotion" | "sensitive_keyword";

export interface SessionTurn {
  text: string;
  decision?: Decision;
  faqId?: string | null;
  /** The text the engine matched for this turn (the follow-up resolution, if any). */
  matchedText?: string;
  /** clarify: the FAQ ids it offered, in order, so that a reply "2" picks the second. */
  suggestions?: string[];
}

export interface Session {
  turns: SessionTurn[];
}

export interface PolicyRules {
  answerThreshold?: number;
  clarifyThreshold?: number;
  /** Consecutive clarify / no_answer turns (this one included) that trigger a transfer. Default 2; 0 disables. */
  maxFailures?: number;
  humanKeywords?: string[];
  complaintKeywords?: string[];
  sensitiveKeywords?: string[];
  /** The workspace's fallback reply for no_answer. */
  fallbackReply?: string;
  /** What the bot says when it hands the customer to a human agent (every transfer reason). */
  transferReply?: string;
  clarifyPrompt?: string;
  /** Resolve short ambiguous follow-ups against the previous question. Default true. */
  followUp?: boolean;
  /** Candidates returned for the app (clarify shows the best 3). */
  candidates?: number;
}

export interface DecisionResult {
  decision: Decision;
  /** The answered FAQ (answer), or the best candidate otherwise; null when nothing matched. */
  faqId: string | null;
  /** answer: related FAQ ids (follow-up suggestions); clarify: the top 3 FAQ ids. */
  suggestions: string[];
  confidence: number;
  reason: TransferReason | null;
  /** The keyword that fired a transfer rule, when one did. */
  trigger?: string;
  /** What was matched: the message itself, or the message joined to the previous question. */
  matchedText: string;
  followUp: boolean;
  /** Reply text for the customer: the FAQ answer, the clarify prompt, the fallback or the transfer reply. */
  reply: string | null;
  candidates: MatchResult[];
}

// The defaults live with the rest of the policy's plain data (training/policy-data.ts).
export { DEFAULT_CLARIFY_PROMPT, DEFAULT_COMPLAINT_KEYWORDS, DEFAULT_FALLBACK_REPLY, DEFAULT_HUMAN_KEYWORDS, DEFAULT_TRANSFER_REPLY } from "./policy-data";

const MAX_SESSION_TURNS = 10;

/**
 * A short message that only makes sense with the previous question: "那运费呢", "这个呢",
 * "那退货呢", "还有呢", "what about shipping".
 */
export function isFollowUp(text: string): boolean {
  const norm = normalizeText(text).replace(/[\s!?.,~;:。？！，]+/g, "");
  if (!norm) return false;
  const cjkLen = Array.from(norm).length;
  if (/^(what about|how about|and)\b/.test(normalizeText(text)) && normalizeText(text).split(" ").length <= 5) return true;
  if (cjkLen > 10) return false;
  if (/^(那|那么|那个|这个|这|还有|另外|然后|再问下?|再问一下)/.test(norm) && cjkLen <= 8) return true;
  if (/(呢|咧|嘞)$/.test(norm) && cjkLen <= 6) return true;
  return false;
}

/** What a follow-up adds beyond its framing words: "那运费呢" → "运费", "这个呢" → "". */
export function followUpContent(text: string): string {
  return normalizeText(text)
    .replace(/[\s!?.,~;:]+/g, "")
    .replace(/^(那么|那个|那|这个|这|还有|另外|然后|再问下?|再问一下|what about|how about|and)/, "")
    .replace(/(呢|咧|嘞|吗|啊|呀|哈)+$/, "")
    .replace(/^(个|样)$/, "");
}

/** Appends a turn (keeping the last 10), for callers that keep the session as plain data. */
export function appendTurn(
  session: Session,
  text: string,
  result: Pick<DecisionResult, "decision" | "faqId" | "matchedText"> & Partial<Pick<DecisionResult, "suggestions">>,
): Session {
  const turn: SessionTurn = { text, decision: result.decision, faqId: result.faqId, matchedText: result.matchedText };
  if (result.decision === "clarify" && result.suggestions?.length) turn.suggestions = result.suggestions;
  return { turns: [...session.turns, turn].slice(-MAX_SESSION_TURNS) };
}

/**
 * Failed attempts at a real question right before this message: clarify / no_answer turns,
 * newest first. Chit-chat (你好, 谢谢, 好的) is no attempt: it neither counts nor breaks the streak,
 * so "谢谢" after a clarify that helped does not push a satisfied customer to a human. An answered
 * question (a pick of what a clarify offered included) or a transfer ends the streak.
 */
function failuresBefore(session: Session): number {
  let n = 0;
  for (let i = session.turns.length - 1; i >= 0; i--) {
    const t = session.turns[i];
    if (t.decision === "transfer" || !t.decision) break;
    if (isChitChat(t.text)) continue;
    if (t.decision === "clarify" || t.decision === "no_answer") n++;
    else break;
  }
  return n;
}

const ORDINALS: Record<string, number> = { "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

/**
 * The clarify reply numbers its questions ("1. 运费怎么算"), so customers answer "2", "第一个",
 * "选3", or copy a question: which offered FAQ the message picks, if any.
 */
export function pickedSuggestion(engine: Engine, text: string, offered: readonly string[]): string | null {
  const key = normalizeKey(text).replace(/\s+/g, "");
  const ordinal = /^(?:我选|选择|选|要|就|是)?第?([1-5一二两三四五])(?:个|条|项|号|题|吧|呀|啊|的|问题|这个)*$/.exec(key);
  if (ordinal) return offered[ORDINALS[ordinal[1]] - 1] ?? null;
  return offered.find((id) => normalizeKey(engine.getFaq(id)?.question ?? "").replace(/\s+/g, "") === key) ?? null;
}

/**
 * How much likelier a follow-up with new words asks about the previous answer's neighbourhood than
 * about any other FAQ. Trainers link what customers ask next as 关联问题; after "什么时候发货" a
 * "那运费呢" means the shipping fee (linked through 发什么快递), after "我想退货怎么弄" the return
 * fee. A likelihood ratio, so it moves probability mass towards the neighbourhood but cannot lift a
 * FAQ the message itself does not fit (see inConversation).
 */
const NEIGHBOURHOOD_LIKELIHOOD = 10;

const linksCache = new WeakMap<Engine, Map<string, Set<string>>>();

/** 关联问题 links both ways: a trainer links A to B and rarely B back to A. */
function linksOf(engine: Engine): Map<string, Set<string>> {
  let links = linksCache.get(engine);
  if (links) return links;
  links = new Map();
  const add = (a: string, b: string) => {
    if (a === b) return;
    if (!links!.has(a)) links!.set(a, new Set());
    links!.get(a)!.add(b);
  };
  for (const f of engine.faqs) {
    for (const r of f.related ?? []) {
      add(f.id, r);
      add(r, f.id);
    }
  }
  linksCache.set(engine, links);
  return links;
}

/** The previous FAQ and the FAQs within two 关联问题 links of it: the conversation's topic. */
function neighbourhood(engine: Engine, faqId: string): Set<string> {
  const links = linksOf(engine);
  const near = new Set([faqId]);
  let frontier = [faqId];
  for (let depth = 0; depth < 2; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const n of links.get(id) ?? []) {
        if (near.has(n)) continue;
        near.add(n);
        next.push(n);
      }
    }
    frontier = next;
  }
  return near;
}

/**
 * The message's candidates re-weighed by the conversation (Bayes with a likelihood ratio): each
 * confidence times the ratio of its FAQ, over the total with "none of these" (1 − the candidates'
 * confidence, neutral to the conversation). A message that fits nothing stays near zero; with no
 * neighbour among the candidates the confidences come back unchanged.
 */
function inConversation(alone: MatchResult[], near: Set<string>): MatchResult[] {
  const ratio = (id: string) => (near.has(id) ? NEIGHBOURHOOD_LIKELIHOOD : 1);
  const mass = alone.reduce((s, r) => s + r.confidence, 0);
  const total = Math.max(0, 1 - mass) + alone.reduce((s, r) => s + r.confidence * ratio(r.faqId), 0);
  if (total <= 0) return alone;
  return alone.map((r) => ({ ...r, confidence: (r.confidence * ratio(r.faqId)) / total })).sort((a, b) => b.confidence - a.confidence);
}

interface Reading {
  candidates: MatchResult[];
  matchedText: string;
  followUp: boolean;
}

export interface DecideOptions {
  /** Transformer embeddings of the message (and of the follow-up text), when the engine needs them. */
  queryVector?: Float32Array;
  followUpVector?: Float32Array;
}

const REASON_OF: Record<KeywordRuleKind, TransferReason> = { human: "human_requested", complaint: "negative_emotion", sensitive: "sensitive_keyword" };

export function decide(engine: Engine, text: string, session: Session = { turns: [] }, rules: PolicyRules = {}, opts: DecideOptions = {}): DecisionResult {
  const answerT = rules.answerThreshold ?? engine.calibration.answerThreshold;
  const clarifyT = Math.min(rules.clarifyThreshold ?? engine.calibration.clarifyThreshold, answerT);
  const k = Math.max(3, rules.candidates ?? 5);
  const base = { matchedText: text, followUp: false, candidates: [] as MatchResult[] };

  const transfer = (reason: TransferReason, trigger?: string, candidates: MatchResult[] = []): DecisionResult => ({
    decision: "transfer",
    faqId: candidates[0]?.faqId ?? null,
    suggestions: [],
    confidence: candidates[0]?.confidence ?? 0,
    reason,
    trigger,
    ...base,
    candidates,
    reply: rules.transferReply ?? DEFAULT_TRANSFER_REPLY,
  });
  const answer = (faqId: string, confidence: number, reading: Reading): DecisionResult => {
    const faq = engine.getFaq(faqId);
    return {
      decision: "answer",
      faqId,
      suggestions: (faq?.related ?? []).filter((id) => id !== faqId && engine.getFaq(id)),
      confidence,
      reason: null,
      ...reading,
      reply: faq?.answer ?? null,
    };
  };

  // 1. Explicit transfer rules: read on the message itself, before any matching.
  const hit = findTransferKeyword(text, { human: rules.humanKeywords, complaint: rules.complaintKeywords, sensitive: rules.sensitiveKeywords });
  if (hit) return transfer(REASON_OF[hit.kind], hit.trigger);

  const last = session.turns[session.turns.length - 1];
  // 2. A pick of what the last clarify offered ("2", "第一个", the question itself) is answered:
  // the customer chose, so no threshold applies.
  if (last?.decision === "clarify" && last.suggestions?.length) {
    const picked = pickedSuggestion(engine, text, last.suggestions);
    const question = picked ? engine.getFaq(picked)?.question : undefined;
    if (picked && question) {
      const matched = engine.match(question, { k, queryVector: opts.followUpVector });
      const own = matched.find((c) => c.faqId === picked);
      const candidates = [...(own ? [own] : []), ...matched.filter((c) => c.faqId !== picked)];
      return answer(picked, own?.confidence ?? candidates[0]?.confidence ?? 1, { candidates, matchedText: question, followUp: true });
    }
  }

  // 3. Matching, with follow-up resolution against the previous question in the session.
  let reading: Reading = { candidates: engine.match(text, { k, queryVector: opts.queryVector }), matchedText: text, followUp: false };
  const prev = [...session.turns].reverse().find((t) => t.decision !== "transfer" && t.text.trim());
  if ((rules.followUp ?? true) && prev && isFollowUp(text)) {
    const content = followUpContent(text);
    const prevText = prev.matchedText ?? prev.text;
    const joinedText = `${prevText} ${text}`;
    if (!content) {
      // "这个呢", "还有呢": nothing new, so it is about the previous question's subject.
      reading = { candidates: engine.match(joinedText, { k, queryVector: opts.followUpVector }), matchedText: joinedText, followUp: true };
    } else {
      // "那运费呢": the new words carry the topic, the conversation the context. Three readings of
      // the same candidates, and the best supported (the most confident top candidate) wins:
      // - the message alone (the customer changed the subject: "还有退货呢" after 发货);
      // - joined to the previous question: the combined text (new words counted twice) re-ranks
      //   what the message alone matches, a weighted geometric mean, so a FAQ must fit both;
      // - in the conversation: re-weighed towards the 关联问题 neighbourhood of the FAQ the
      //   previous turn answered (the joined text cannot tell 发货 from 退货 by their characters).
      const alone = engine.match(text, { k: k * 2, queryVector: opts.queryVector });
      const combined = engine.match(`${prevText} ${content} ${content}`, { k: k * 2, queryVector: opts.followUpVector });
      const combinedOf = new Map(combined.map((r) => [r.faqId, r.confidence]));
      const joined = alone
        .map((r) => ({ ...r, confidence: Math.pow(r.confidence, 0.6) * Math.pow(combinedOf.get(r.faqId) ?? 0, 0.4) }))
        .sort((x, y) => y.confidence - x.confidence);
      const readings: Reading[] = [
        { candidates: alone, matchedText: text, followUp: false },
        { candidates: joined, matchedText: joinedText, followUp: true },
      ];
      if (prev.decision === "answer" && prev.faqId && engine.getFaq(prev.faqId)) {
        readings.push({ candidates: inConversation(alone, neighbourhood(engine, prev.faqId)), matchedText: joinedText, followUp: true });
      }
      const best = readings.reduce((a, b) => ((b.candidates[0]?.confidence ?? 0) > (a.candidates[0]?.confidence ?? 0) ? b : a));
      reading = { ...best, candidates: best.candidates.slice(0, k) };
    }
  }
  const { candidates, matchedText, followUp } = reading;
  const top = candidates[0];
  const confidence = top?.confidence ?? 0;
  const decision: Decision = confidence >= answerT ? "answer" : confidence >= clarifyT && top ? "clarify" : "no_answer";

  // 4. Repeated failure: this would be the Nth failed attempt at a real question in a row.
  const maxFailures = rules.maxFailures ?? 2;
  if (decision !== "answer" && maxFailures > 0 && !isChitChat(text) && failuresBefore(session) + 1 >= maxFailures) {
    return { ...transfer("repeated_failure", undefined, candidates), matchedText, followUp };
  }

  if (decision === "answer") return answer(top.faqId, confidence, reading);
  if (decision === "clarify") {
    // Only plausible options: an option far below the clarify threshold matches nothing (电竞椅承重
    // for a sizing question at 0.009). The floor is a quarter of the threshold: at the threshold
    // itself, or at a tenth of the best option, the right FAQ fell out of the list (resolvedRate
    // −2 to −6 points on every dev set); at a quarter it costs ≤ 1.
    const top3 = candidates.slice(0, 3).filter((c, i) => i === 0 || c.confidence >= clarifyT / 4);
    const prompt = rules.clarifyPrompt ?? DEFAULT_CLARIFY_PROMPT;
    return {
      decision,
      faqId: top.faqId,
      suggestions: top3.map((c) => c.faqId),
      confidence,
      reason: null,
      matchedText,
      followUp,
      reply: `${prompt}\n${top3.map((c, i) => `${i + 1}. ${c.question}`).join("\n")}`,
      candidates,
    };
  }
  return {
    decision,
    faqId: top?.faqId ?? null,
    suggestions: [],
    confidence,
    reason: null,
    matchedText,
    followUp,
    reply: rules.fallbackReply ?? DEFAULT_FALLBACK_REPLY,
    candidates,
  };
}

/** decide() for engines with transformer embeddings: computes the query vectors first. */
export async function decideAsync(engine: Engine, text: string, session: Session = { turns: [] }, rules: PolicyRules = {}): Promise<DecisionResult> {
  if (!engine.needsQueryVector) return decide(engine, text, session, rules);
  const queryVector = (await engine.embedQuery(text)) ?? undefined;
  const last = session.turns[session.turns.length - 1];
  const picked = last?.decision === "clarify" && last.suggestions?.length ? pickedSuggestion(engine, text, last.suggestions) : null;
  const pickedQuestion = picked ? engine.getFaq(picked)?.question : undefined;
  const prev = [...session.turns].reverse().find((t) => t.decision !== "transfer" && t.text.trim());
  // A pick is matched by the picked question; a follow-up by the previous question joined to it.
  const followUpText = pickedQuestion ?? (prev && isFollowUp(text) ? `${prev.matchedText ?? prev.text} ${text}` : undefined);
  const followUpVector = followUpText ? ((await engine.embedQuery(followUpText)) ?? undefined) : undefined;
  return decide(engine, text, session, rules, { queryVector, followUpVector });
}
