/**
 * Transfer keyword rules (转人工规则): does a customer message ask for a human agent, complain, or
 * touch a topic the workspace marked sensitive? A keyword found in the message is only a
 * candidate; the words around it decide, because a plain substring test fired on questions about
 * the bot ("你是真人还是机器人"), on products ("人工智能", "人工费") and on refusals ("不用转人工了").
 * A human-keyword mention does not count when
 * - it is part of another word: a longer jieba word holds it (人工智能, 人工费, 真人秀) or an entry of
 *   EXCLUDED_COMPOUNDS overlaps it (真人试穿图, 机器人工作时间, 垃圾袋);
 * - a negation stands right before it (不用转人工了, 不需要人工, 别转人工, 不是投诉), except in
 *   A-not-A questions (有没有人工), impatient questions (怎么还不转人工) and rhetorical 没有…吗
 *   (没有人工吗), which all ask for one;
 * - the clause asks whether the bot is a human (你是真人还是机器人, 是人工客服吗): chit-chat, answered
 *   like any FAQ (the generic pack has one);
 * - the clause asks about the human service's hours or phone (人工客服几点上班, 人工客服电话多少): an
 *   FAQ-style question the knowledge base answers, not a request to be transferred now.
 * Requests that name no keyword (叫你们客服出来, 我要找人, 不要机器人) come from HUMAN_REQUEST_PATTERNS.
 * Complaint words go through the same part-of-a-word and negation tests ("不是投诉 就问问" is not a
 * complaint; "再不处理我就投诉" is: the 不 negates 处理, not 投诉). Sensitive words are the workspace's
 * own and match as written: a human should see "没有过敏吧" as much as "过敏了".
 *
 * All the knowledge is in the data tables of training/policy-data.ts. Workspaces add keywords
 * (PolicyRules.humanKeywords and complaintKeywords), which get the same tests as the built-in ones.
 */
import { normalizeText } from "./normalize";
import {
  BOT_WORDS,
  CHIT_CHAT_PARTICLES,
  CHIT_CHAT_WORDS,
  DEFAULT_COMPLAINT_KEYWORDS,
  DEFAULT_HUMAN_KEYWORDS,
  ENGLISH_IDENTITY_QUESTIONS,
  ENGLISH_NEGATIONS,
  EXCLUDED_COMPOUNDS,
  HUMAN_REQUEST_PATTERNS,
  IMPATIENT_QUESTION_WORDS,
  KEYWORD_VARIANTS,
  NEGATION_FILLERS,
  NEGATION_WORDS,
  REQUEST_VERBS,
  SERVICE_ATTRIBUTE_FILLERS,
  SERVICE_ATTRIBUTES,
} from "./policy-data";
import { words } from "./tokenize";

export type KeywordRuleKind = "human" | "complaint" | "sensitive";

export interface KeywordHit {
  kind: KeywordRuleKind;
  /** The keyword (as configured) or the request pattern's text that fired. */
  trigger: string;
}

export interface KeywordLists {
  human?: readonly string[];
  complaint?: readonly string[];
  sensitive?: readonly string[];
}

interface Clause {
  text: string;
  /** Ends in a question particle, has an A-not-A / 还是 question, or was followed by "?". */
  question: boolean;
}

interface Mention {
  start: number;
  end: number;
  trigger: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const altRe = (list: readonly string[]) =>
  [...list]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join("|");

const COMPOUNDS = [...new Set(Object.values(EXCLUDED_COMPOUNDS).flat())];
const NEGATION_BEFORE_RE = new RegExp(`(${altRe(NEGATION_WORDS)})(?:${altRe(NEGATION_FILLERS)}){0,3}$`);
const ENGLISH_NEGATION_BEFORE_RE = new RegExp(`(?:^|[^a-z'])(?:${altRe(ENGLISH_NEGATIONS)})(?: [a-z']+){0,3} ?$`);
const IMPATIENT_RE = new RegExp(`(?:${altRe(IMPATIENT_QUESTION_WORDS)})还?$`);
// 是 / 是不是 / 还是 right before the noun, unless it is 的是 / 就是 (我要的是人工: a request).
const COPULA_BEFORE_RE = /(?<![的就要])(?:是不是|是|还是)(?:个|一个|真的|真)?$/;
const BOT_WORDS_RE = new RegExp(altRe(BOT_WORDS));
const ATTRIBUTE_AFTER_RE = new RegExp(`^(?:${altRe(SERVICE_ATTRIBUTE_FILLERS)}){0,3}(?:${altRe(SERVICE_ATTRIBUTES)})`);
const REQUEST_VERB_RE = new RegExp(`^(?:${altRe(REQUEST_VERBS)})`);
const QUESTION_END_RE = /(?:吗|么|嘛|呢|吧|不)$/;
const QUESTION_INSIDE_RE = /还是|是不是|是否|有没有|能不能|可不可以/;
const CJK_RUN_RE = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const CJK_RE = /[\u3400-\u9fff\uf900-\ufaff]/;
const LATIN_ONLY_RE = /^[a-z0-9' ]+$/;

/** The message as the rules read it: normalized (full-width, case, punctuation), variants rewritten. */
export function prepareForRules(text: string): string {
  let s = normalizeText(text);
  for (const [variant, fixed] of KEYWORD_VARIANTS) s = s.split(variant).join(fixed);
  return s;
}

/**
 * Clauses: split at punctuation, emoji and other symbols, and at spaces next to Chinese ("不是投诉
 * 就问问" is two clauses; "real person" stays one). A negation or a question never reaches across.
 */
function clausesOf(norm: string): Clause[] {
  const out: Clause[] = [];
  const re = /([\p{Script=Han}a-z0-9' ]+)([^\p{Script=Han}a-z0-9' ]*)/gu;
  for (const m of norm.matchAll(re)) {
    const delimiter = m[2];
    const parts = m[1].split(/(?<=[\u3400-\u9fff]) +| +(?=[\u3400-\u9fff])/).map((p) => p.trim());
    parts.forEach((text, i) => {
      if (!text) return;
      const last = i === parts.length - 1;
      out.push({ text, question: (last && delimiter.includes("?")) || QUESTION_END_RE.test(text) || QUESTION_INSIDE_RE.test(text) });
    });
  }
  return out;
}

/** Every occurrence of every keyword; an occurrence inside a longer one (人工 in 转人工) is the same mention. */
function keywordMentions(clause: string, keywords: readonly string[]): Mention[] {
  const found: Mention[] = [];
  for (const k of keywords) {
    const kn = prepareForRules(k);
    if (!kn) continue;
    if (LATIN_ONLY_RE.test(kn)) {
      const re = new RegExp(`(?<![a-z0-9])${escapeRe(kn)}(?![a-z0-9])`, "g");
      for (const m of clause.matchAll(re)) found.push({ start: m.index, end: m.index + kn.length, trigger: k });
    } else {
      for (let i = clause.indexOf(kn); i >= 0; i = clause.indexOf(kn, i + 1)) found.push({ start: i, end: i + kn.length, trigger: k });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  return found.filter((m) => !found.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start));
}

/** Jieba word spans of the clause's Chinese runs. */
function wordSpans(clause: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const run of clause.matchAll(CJK_RUN_RE)) {
    let at = run.index;
    for (const w of words(run[0])) {
      const i = clause.indexOf(w, at);
      if (i < 0) continue;
      spans.push([i, i + w.length]);
      at = i + w.length;
    }
  }
  return spans;
}

function partOfAnotherWord(clause: string, m: Mention, keywordSet: Set<string>): boolean {
  for (const c of COMPOUNDS) {
    for (let s = clause.indexOf(c); s >= 0; s = clause.indexOf(c, s + 1)) {
      const e = s + c.length;
      if (s < m.end && e > m.start && (s < m.start || e > m.end)) return true;
    }
  }
  if (!CJK_RE.test(clause.slice(m.start, m.end))) return false;
  // A longer jieba word that holds the keyword (人工智能, 真人秀) is another word, unless it is a keyword too.
  return wordSpans(clause).some(([s, e]) => s <= m.start && e >= m.end && e - s > m.end - m.start && !keywordSet.has(clause.slice(s, e)));
}

function negated(clause: Clause, m: Mention): boolean {
  const before = clause.text.slice(0, m.start);
  const neg = NEGATION_BEFORE_RE.exec(before);
  if (neg) {
    const at = neg.index;
    const word = neg[1];
    const after = before.slice(at + word.length) + clause.text.slice(m.start, m.start + 1);
    // 有没有人工, 要不要转人工: the A-not-A question asks for one.
    if (at > 0 && before[at - 1] === after[0]) return false;
    // 怎么还不转人工, 为什么不给我转人工: impatience, not refusal.
    if (IMPATIENT_RE.test(before.slice(0, at))) return false;
    // 没有人工吗: "is there no human?" asks for one.
    if (word === "没" && clause.question) return false;
    return true;
  }
  return ENGLISH_NEGATION_BEFORE_RE.test(before);
}

/** 你是真人还是机器人, 是人工客服吗, are you human: a question about what the bot is. */
function asksWhatTheBotIs(clause: Clause, m: Mention): boolean {
  if (ENGLISH_IDENTITY_QUESTIONS.some((re) => re.test(clause.text))) return true;
  if (!clause.question) return false;
  const before = clause.text.slice(0, m.start);
  if (COPULA_BEFORE_RE.test(before)) return true;
  return /还是/.test(clause.text) && BOT_WORDS_RE.test(clause.text.replace(clause.text.slice(m.start, m.end), ""));
}

/** 人工客服几点上班, 人工客服电话多少: a question about the service, which the knowledge base answers. */
function asksAboutTheService(clause: Clause, m: Mention): boolean {
  return ATTRIBUTE_AFTER_RE.test(clause.text.slice(m.end));
}

function humanRequest(clause: Clause, keywords: readonly string[]): string | null {
  const keywordSet = new Set(keywords.map(prepareForRules));
  for (const m of keywordMentions(clause.text, keywords)) {
    if (partOfAnotherWord(clause.text, m, keywordSet) || negated(clause, m)) continue;
    const asRequest = REQUEST_VERB_RE.test(clause.text.slice(m.start, m.end));
    if (!asRequest && (asksWhatTheBotIs(clause, m) || asksAboutTheService(clause, m))) continue;
    return m.trigger;
  }
  for (const { pattern, negatable } of HUMAN_REQUEST_PATTERNS) {
    const hit = pattern.exec(clause.text);
    if (!hit) continue;
    if (negatable && negated(clause, { start: hit.index, end: hit.index + hit[0].length, trigger: hit[0] })) continue;
    return hit[0];
  }
  return null;
}

function complaint(clause: Clause, keywords: readonly string[]): string | null {
  const keywordSet = new Set(keywords.map(prepareForRules));
  for (const m of keywordMentions(clause.text, keywords)) {
    if (partOfAnotherWord(clause.text, m, keywordSet) || negated(clause, m)) continue;
    return m.trigger;
  }
  return null;
}

function sensitive(norm: string, keywords: readonly string[]): string | null {
  // Spaces between Chinese characters do not hide a sensitive word ("过 敏").
  const compact = norm.replace(/(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])/g, "");
  for (const m of keywordMentions(compact, keywords)) return m.trigger;
  return null;
}

/**
 * The first transfer rule a message fires, in the policy's order: a request for a human, then a
 * complaint, then a sensitive word. Lists default to the built-in ones (sensitive: none).
 */
export function findTransferKeyword(text: string, lists: KeywordLists = {}): KeywordHit | null {
  const norm = prepareForRules(text);
  if (!norm) return null;
  const clauses = clausesOf(norm);
  const humanKeywords = lists.human ?? DEFAULT_HUMAN_KEYWORDS;
  for (const c of clauses) {
    const trigger = humanRequest(c, humanKeywords);
    if (trigger) return { kind: "human", trigger };
  }
  const complaintKeywords = lists.complaint ?? DEFAULT_COMPLAINT_KEYWORDS;
  for (const c of clauses) {
    const trigger = complaint(c, complaintKeywords);
    if (trigger) return { kind: "complaint", trigger };
  }
  if (lists.sensitive?.length) {
    const trigger = sensitive(norm, lists.sensitive);
    if (trigger) return { kind: "sensitive", trigger };
  }
  return null;
}

const CHIT_CHAT_RE = new RegExp(`^(?:${altRe([...CHIT_CHAT_WORDS, ...CHIT_CHAT_PARTICLES])}| )+$`);

/**
 * Greetings, thanks, acknowledgements, and messages of only emoji or punctuation: not an attempt
 * at a question ("好的谢谢亲", "嗯嗯", "👍", "ok thanks").
 */
export function isChitChat(text: string): boolean {
  const norm = normalizeText(text)
    .replace(/[^\p{Script=Han}a-z0-9 ]+/gu, " ")
    .trim();
  if (!norm) return true;
  return CHIT_CHAT_RE.test(norm);
}
