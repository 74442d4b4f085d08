/**
 * The dialog policy (分级响应, issue 3): one customer message + the session so far → a decision.
 *
 * Order: transfer rules first (customer asks for a human; complaint / strong negative emotion;
 * sensitive keyword), then matching (with multi-turn follow-up resolution), then the confidence
 * bands (answer >= answerThreshold > clarify >= clarifyThreshold > no_answer), and finally the
 * repeated-failure rule: the Nth consecutive clarify / no_answer in a session becomes a transfer.
 * Full-auto versus assisted mode is the app's concern: this returns the decision and candidates.
 */
import type { Engine, MatchResult } from "./engine";
import { normalizeText } from "./normalize";

export type Decision = "answer" | "clarify" | "no_answer" | "transfer";
export type TransferReason = "human_requested" | "repeated_failure" | "negative_emotion" | "sensitive_keyword";

export interface SessionTurn {
  text: string;
  decision?: Decision;
  faqId?: string | null;
  /** The text the engine matched for this turn (the follow-up resolution, if any). */
  matchedText?: string;
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
  /** Reply text for the customer: the FAQ answer, the clarify prompt, or the fallback reply. */
  reply: string | null;
  candidates: MatchResult[];
}

export const DEFAULT_HUMAN_KEYWORDS = [
  "转人工",
  "人工客服",
  "人工服务",
  "人工",
  "真人",
  "活人",
  "找客服",
  "叫客服",
  "客服电话",
  "有人吗",
  "在线客服",
  "human",
  "real person",
  "talk to an agent",
];

export const DEFAULT_COMPLAINT_KEYWORDS = [
  "投诉",
  "差评",
  "骗子",
  "骗人",
  "欺诈",
  "12315",
  "消协",
  "工商局",
  "举报",
  "垃圾",
  "坑人",
  "坑爹",
  "曝光",
  "维权",
  "气死",
  "太差劲",
  "什么破",
  "恶心",
  "妈的",
  "他妈",
  "退一赔三",
];

export const DEFAULT_CLARIFY_PROMPT = "您是不是想问：";
/** The one default fallback reply (a workspace may set its own in 机器人设置). */
export const DEFAULT_FALLBACK_REPLY = "亲，这个问题小助手暂时还不会回答呢，您可以换个说法试试，或者输入“转人工”联系人工客服哦～";

const MAX_SESSION_TURNS = 10;

function findKeyword(norm: string, list: string[]): string | null {
  for (const k of list) {
    const kn = normalizeText(k);
    if (!kn) continue;
    if (/^[a-z0-9 ]+$/.test(kn)) {
      if (new RegExp(`(?<![a-z0-9])${kn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![a-z0-9])`).test(norm)) return k;
    } else if (norm.includes(kn)) return k;
  }
  return null;
}

// "人工" inside a product question ("人工智能", "人工费") is not a request for a human.
const HUMAN_FALSE_FRIENDS = ["人工智能", "人工费", "人工成本", "人工合成", "人工养殖"];
// Nor is a question about bin bags a complaint.
const COMPLAINT_FALSE_FRIENDS = ["垃圾袋", "垃圾桶", "垃圾分类", "垃圾篓"];

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
export function appendTurn(session: Session, text: string, result: Pick<DecisionResult, "decision" | "faqId" | "matchedText">): Session {
  const turns = [...session.turns, { text, decision: result.decision, faqId: result.faqId, matchedText: result.matchedText }];
  return { turns: turns.slice(-MAX_SESSION_TURNS) };
}

function failuresBefore(session: Session): number {
  let n = 0;
  for (let i = session.turns.length - 1; i >= 0; i--) {
    const d = session.turns[i].decision;
    if (d === "clarify" || d === "no_answer") n++;
    else break;
  }
  return n;
}

export interface DecideOptions {
  /** Transformer embeddings of the message (and of the follow-up text), when the engine needs them. */
  queryVector?: Float32Array;
  followUpVector?: Float32Array;
}

export function decide(engine: Engine, text: string, session: Session = { turns: [] }, rules: PolicyRules = {}, opts: DecideOptions = {}): DecisionResult {
  const norm = normalizeText(text);
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
    reply: null,
  });

  // 1. Explicit transfer rules: checked on the raw message, before any matching.
  const human = findKeyword(norm, rules.humanKeywords ?? DEFAULT_HUMAN_KEYWORDS);
  if (human && !HUMAN_FALSE_FRIENDS.some((w) => norm.includes(w))) return transfer("human_requested", human);
  const complaint = findKeyword(norm, rules.complaintKeywords ?? DEFAULT_COMPLAINT_KEYWORDS);
  if (complaint && !COMPLAINT_FALSE_FRIENDS.some((w) => norm.includes(w))) return transfer("negative_emotion", complaint);
  const sensitive = rules.sensitiveKeywords?.length ? findKeyword(norm, rules.sensitiveKeywords) : null;
  if (sensitive) return transfer("sensitive_keyword", sensitive);

  // 2. Matching, with follow-up resolution against the previous question in the session.
  let candidates = engine.match(text, { k, queryVector: opts.queryVector });
  let matchedText = text;
  let followUp = false;
  const prev = [...session.turns].reverse().find((t) => t.decision !== "transfer" && t.text.trim());
  if ((rules.followUp ?? true) && prev && isFollowUp(text)) {
    const content = followUpContent(text);
    const prevText = prev.matchedText ?? prev.text;
    if (!content) {
      // "这个呢", "还有呢": nothing new, so it is about the previous question's subject.
      matchedText = `${prevText} ${text}`;
      candidates = engine.match(matchedText, { k, queryVector: opts.followUpVector });
      followUp = true;
    } else {
      // "那运费呢": the new words carry the topic, the previous question the context. The
      // combined text (new words counted twice) re-ranks what the message alone matches:
      // a weighted geometric mean, so a FAQ must fit both the message and the conversation.
      matchedText = `${prevText} ${text}`;
      const combined = engine.match(`${prevText} ${content} ${content}`, { k: k * 2, queryVector: opts.followUpVector });
      const alone = engine.match(text, { k: k * 2, queryVector: opts.queryVector });
      const byId = new Map<string, { a: number; c: number; r: MatchResult }>();
      for (const r of alone) byId.set(r.faqId, { a: r.confidence, c: 0, r });
      for (const r of combined) {
        const e = byId.get(r.faqId);
        if (e) e.c = r.confidence;
      }
      const rescored = Array.from(byId.values())
        .map(({ a, c, r }) => ({ ...r, confidence: Math.pow(a, 0.6) * Math.pow(c, 0.4) }))
        .sort((x, y) => y.confidence - x.confidence)
        .slice(0, k);
      if (rescored.length) {
        candidates = rescored;
        followUp = true;
      } else matchedText = text;
    }
  }
  const top = candidates[0];
  const confidence = top?.confidence ?? 0;
  let decision: Decision = confidence >= answerT ? "answer" : confidence >= clarifyT && top ? "clarify" : "no_answer";

  // 3. Repeated failure: this clarify / no_answer would be the Nth in a row.
  const maxFailures = rules.maxFailures ?? 2;
  if (decision !== "answer" && maxFailures > 0 && failuresBefore(session) + 1 >= maxFailures) {
    return { ...transfer("repeated_failure", undefined, candidates), matchedText, followUp };
  }

  if (decision === "answer") {
    const faq = engine.getFaq(top.faqId);
    return {
      decision,
      faqId: top.faqId,
      suggestions: (faq?.related ?? []).filter((id) => id !== top.faqId && engine.getFaq(id)),
      confidence,
      reason: null,
      matchedText,
      followUp,
      reply: faq?.answer ?? null,
      candidates,
    };
  }
  if (decision === "clarify") {
    const top3 = candidates.slice(0, 3);
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
  decision = "no_answer";
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
  const prev = [...session.turns].reverse().find((t) => t.decision !== "transfer" && t.text.trim());
  const followUpVector = prev && isFollowUp(text) ? ((await engine.embedQuery(`${prev.matchedText ?? prev.text} ${text}`)) ?? undefined) : undefined;
  return decide(engine, text, session, rules, { queryVector, followUpVector });
}
