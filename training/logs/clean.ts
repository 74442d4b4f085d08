/**
 * The cleaning pipeline for one chat turn (issue 4): normalize, unify platform placeholders,
 * tidy punctuation, drop or keep emoji, mask personal data, and tell noise (greetings, lone
 * emoji or pictures, system notices) from real content. Noise is a kind with a reason, never a
 * deletion: the caller keeps noise turns in their own bucket.
 */
import { normalizeKey, normalizeText } from "../normalize";
import { defaultMaskSettings, maskPersonalData, type MaskSettings } from "./mask";
import type { CleanStep, MaskCounts, TurnRole } from "./types";

export interface CleaningSettings {
  normalize: boolean;
  /** Unify [图片] 【图片】 [image] … and bare URLs into one form per kind. */
  placeholders: boolean;
  /** Collapse "?!?!" and "-----" beyond what normalizeText already does. */
  punctuation: boolean;
  emoji: "remove" | "keep" | "placeholder";
  mask: MaskSettings | false;
  /** Split customer turns holding several questions into several turns. */
  split: boolean;
  /** Classify noise; when false every turn counts as content. */
  noise: boolean;
  /** Extra whole-turn phrases to treat as greetings (normalized before comparing). */
  extraNoisePhrases: string[];
  /**
   * A workspace's own noise rules (issue 15 item 9): a turn containing one of these texts, or
   * matching one written as /regex/, is noise with the reason "workspace rule".
   */
  noisePatterns: string[];
}

export const defaultCleaningSettings: CleaningSettings = {
  normalize: true,
  placeholders: true,
  punctuation: true,
  emoji: "remove",
  mask: defaultMaskSettings,
  split: true,
  noise: true,
  extraNoisePhrases: [],
  noisePatterns: [],
};

export type NoiseReason = "empty" | "placeholder only" | "emoji only" | "greeting" | "system message" | "platform message" | "workspace rule";

/**
 * Lines the platforms write into a chat themselves (千牛, 京东咚咚, 抖店, 拼多多): the order or product
 * the customer came from, how they entered, cards. They are not customer questions, and they fill
 * the top of the inbox when counted as such (issue 15 item 9).
 */
const PLATFORM_RES = [
  /^咨询(?:订单|商品)(?:号|编号)?[:：]/,
  /^(?:顾客|买家|用户|客户)(?:通过|从).{0,30}(?:咚咚|进入|发起|访问)/,
  /^(?:顾客|买家|用户)正在(?:浏览|查看|咨询)/,
  /^(?:来自|访问来源|来源页面|咨询来源|进线来源)[:：]/,
  /^(?:商品|宝贝)(?:链接|名称|标题)[:：]/,
  /^(?:订单信息|商品信息)[:：]/,
  /^订单号[:：]?\s*\[订单号\]\s*(?:商品|下单时间|付款|状态|金额)/,
  /^(?:下单时间|付款时间|订单状态|订单金额|实付款)[:：]/,
  /^(?:您好，)?(?:本次)?(?:会话|服务)(?:由|将由).{0,20}(?:接待|为您服务)/,
  /^(?:机器人|智能客服|小蜜).{0,6}(?:已)?(?:接入|为您服务)/,
  /^(?:顾客|买家)已(?:评价|给出评价|完成评价)/,
];
const PLATFORM_RE = new RegExp(PLATFORM_RES.map((r) => `(?:${r.source})`).join("|"));

export function isPlatformMessage(text: string): boolean {
  return PLATFORM_RE.test(normalizeText(text));
}

/**
 * A workspace's noise rules as one test: plain texts match anywhere after normalization, /…/ is a
 * regular expression (case-insensitive). An invalid expression is reported by noisePatternError.
 */
export function noisePatternTest(patterns: string[]): ((normalized: string) => boolean) | null {
  const plain: string[] = [];
  const res: RegExp[] = [];
  for (const p of patterns) {
    const t = p.trim();
    if (!t) continue;
    const m = /^\/(.+)\/$/.exec(t);
    if (m) {
      try {
        res.push(new RegExp(m[1], "i"));
      } catch {
        /* refused when saved: noisePatternError */
      }
    } else plain.push(normalizeText(t));
  }
  if (!plain.length && !res.length) return null;
  return (s) => plain.some((p) => s.includes(p)) || res.some((r) => r.test(s));
}

const compiledRules = new WeakMap<string[], ((normalized: string) => boolean) | null>();

/** The compiled rules of a settings object: compiled once, not once per turn. */
function workspaceRule(patterns: string[] | undefined) {
  if (!patterns?.length) return null;
  let f = compiledRules.get(patterns);
  if (f === undefined) compiledRules.set(patterns, (f = noisePatternTest(patterns)));
  return f;
}

/** Why a noise pattern cannot be used, or null. */
export function noisePatternError(pattern: string): string | null {
  const m = /^\/(.+)\/$/.exec(pattern.trim());
  if (!m) return pattern.trim().length > 200 ? "too long" : null;
  try {
    new RegExp(m[1], "i");
    return m[1].length > 200 ? "too long" : null;
  } catch (e) {
    return (e as Error).message;
  }
}

export interface CleanResult {
  text: string;
  masked: MaskCounts;
  noise: false | NoiseReason;
  /** The steps that changed the text. */
  steps: CleanStep[];
}

// Platform placeholders as Qianniu, 抖店, 京东 and WeChat exports write them, after
// normalizeText (so 【图片】 is already [图片] and Latin is lower-case).
const PLACEHOLDER_FORMS: [string, RegExp][] = [
  ["[图片]", /\[(?:图片|图片消息|image|img|pic|picture|photo)\]/g],
  [
    "[表情]",
    /\[(?:表情|动画表情|自定义表情|表情包|sticker|emoji|emoticon|微笑|撇嘴|色|发呆|得意|流泪|害羞|大哭|尴尬|发怒|调皮|呲牙|惊讶|难过|偷笑|可爱|白眼|傲慢|困|惊恐|憨笑|大兵|奋斗|疑问|嘘|晕|再见|擦汗|抠鼻|鼓掌|坏笑|哈欠|委屈|快哭了|阴险|亲亲|可怜|笑哭|捂脸|奸笑|机智|皱眉|耶|吃瓜|加油|汗|天啊|社会社会|旺柴|好的|打脸|哇|玫瑰|爱心|心碎|拥抱|强|弱|握手|胜利|抱拳|ok|赞|合十|红包|猪头|月亮|太阳|礼物)\]/g,
  ],
  ["[链接]", /\[(?:链接|网址|link|url|网页)\]|https?:\/\/[^\s\u4e00-\u9fa5]+|(?<![a-z0-9.])(?:www\.|m\.|item\.)[a-z0-9-]+\.[a-z]{2,}[^\s\u4e00-\u9fa5]*/g],
  ["[语音]", /\[(?:语音|语音消息|voice|audio)\]/g],
  ["[视频]", /\[(?:视频|小视频|视频消息|video)\]/g],
  ["[商品卡片]", /\[(?:商品卡片|商品链接|商品|宝贝|宝贝链接|宝贝卡片|product|item)\]/g],
  ["[订单卡片]", /\[(?:订单卡片|订单|订单信息)\]/g],
  ["[文件]", /\[(?:文件|file)\]/g],
];
// Cheap pre-checks: most turns have no brackets, links, emoji or punctuation runs.
const PLACEHOLDER_HINT_RE = /\[|http|www\.|m\.|item\./;
const PUNCT_RUN_HINT_RE = /[!?,.;:~\-=_*]\s*[!?,.;:~\-=_*]/;
// Extended_Pictographic lives in Latin-1 (©®), U+2000–U+2BFF, a few CJK symbols and the astral planes.
const EMOJI_HINT_RE = /[\u00a9\u00ae\u2000-\u2bff\u3030\u303d\u3297\u3299\ud800-\udbff]/;
const PLATFORM_PLACEHOLDER_RE = /\[(?:图片|表情|链接|语音|视频|商品卡片|订单卡片|文件)\]/g;

const EMOJI_RE =
  /(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\p{Emoji_Modifier}|\ufe0f|\u20e3|\u200d(?:\p{Extended_Pictographic}|\p{Regional_Indicator})\ufe0f?)*/gu;
const STRAY_EMOJI_PARTS_RE = /\ufe0f|\u200d|\u20e3|\p{Emoji_Modifier}/gu;

// Whole-turn greetings and acknowledgements: a turn made only of these pieces (and
// punctuation) says nothing a bot could answer. Longest pieces first.
const GREETING_PIECES = [
  "在不在",
  "在吗",
  "在么",
  "在嘛",
  "在的",
  "在呢",
  "你好",
  "您好",
  "亲爱的",
  "亲亲",
  "亲",
  "谢谢你",
  "谢谢您",
  "谢谢",
  "多谢",
  "感谢",
  "辛苦了",
  "辛苦",
  "好的",
  "好滴",
  "好哒",
  "好嘞",
  "好吧",
  "好呀",
  "好",
  "嗯嗯",
  "嗯",
  "恩恩",
  "恩",
  "ok",
  "okay",
  "okk",
  "哦哦",
  "哦",
  "噢",
  "喔",
  "收到",
  "知道了",
  "明白了",
  "明白",
  "了解",
  "哈哈",
  "呵呵",
  "hello",
  "hi",
  "客服",
  "老板",
  "掌柜",
  "店家",
  "美女",
  "小姐姐",
  "早上好",
  "晚上好",
  "下午好",
  "拜拜",
  "再见",
  "没事了",
  "没问题",
  "可以",
  "行",
  "对",
  "是的",
  "啊",
  "呀",
  "啦",
  "了",
  "哈",
  "的",
  "呢",
  "吧",
  "哟",
  "哦",
  "喽",
  "嘞",
  "吗",
  "么",
  "在",
].sort((a, b) => b.length - a.length);

const GREETING_BY_FIRST = new Map<string, string[]>();
for (const p of GREETING_PIECES) {
  const list = GREETING_BY_FIRST.get(p[0]);
  if (list) list.push(p);
  else GREETING_BY_FIRST.set(p[0], [p]);
}

const SYSTEM_RES = [
  /^系统消息/,
  /^系统提示/,
  /^系统通知/,
  /以下为系统自动回复/,
  /^\[?系统\]?[:：]/,
  /^买家已确认收货/,
  /^(?:买家|卖家)已(?:付款|拍下|下单|申请退款|确认收货|发货|关闭|撤销)/,
  /撤回了一条消息/,
  /^该消息已撤回/,
  /^当前用户来自/,
  /^用户已(?:离开|退出)/,
  /^会话已(?:结束|关闭|超时)/,
  /^(?:客服|买家|用户).{0,12}(?:进入|退出|离开)了?会话/,
  /^(?:已)?(?:转接|转交)(?:给|至)?.{0,12}$/,
  /^交易(?:成功|关闭)$/,
  /^订单(?:已发货|已签收)$/,
  /^\[?自动回复\]?/,
];

const URL_TAIL_RE = /(?:https?:\/\/|www\.)[^\s\u4e00-\u9fa5]*$/i;
const SENTENCE_END_CHARS = "。！？!?；;";
const QUESTION_END_RE = /(?:[?？]|[吗么呢嘛][\s。！？!?.~～…]*)$/;
const QUESTION_WORD_RE =
  /怎么|怎样|咋|什么|啥|多少|几[天号件个时点种码日位]|哪|能不能|可不可以|可以吗|有没有|是不是|会不会|要不要|为什么|为啥|如何|多久|多长|能否|是否/;

// normalizeKey on already-normalized text, without normalizing twice.
function normalizeKeyOf(normalized: string) {
  return normalized.replace(/(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])/g, "");
}

function stripPunctAndSpace(s: string) {
  return s.replace(/[\s!?.,~;:'"\-·…。，！？、~～]+/g, "");
}

/** True when the whole text is made of greeting pieces (在吗 / 你好 / 亲 / 谢谢 / 好的 / ok …). */
export function isGreeting(text: string, extra: string[] = []): boolean {
  return greetingNormalized(normalizeKey(text), extra);
}

function greetingNormalized(normalized: string, extra: string[]): boolean {
  let s = stripPunctAndSpace(normalized);
  if (!s || s.length > 24) return false;
  if (extra.length && extra.some((p) => stripPunctAndSpace(normalizeKey(p)) === s)) return true;
  // Greedy longest-first consumption; the pieces never overlap in a way that needs backtracking
  // for the short turns this is meant for.
  outer: while (s) {
    for (const p of GREETING_BY_FIRST.get(s[0]) ?? []) {
      if (s.startsWith(p)) {
        s = s.slice(p.length);
        continue outer;
      }
    }
    return false;
  }
  return true;
}

export function isSystemMessage(text: string): boolean {
  return systemNormalized(normalizeText(text));
}

const SYSTEM_RE = new RegExp(SYSTEM_RES.map((r) => `(?:${r.source})`).join("|"));

function systemNormalized(s: string): boolean {
  return SYSTEM_RE.test(s);
}

export function isQuestion(sentence: string): boolean {
  const s = sentence.trim();
  return QUESTION_END_RE.test(s) || QUESTION_WORD_RE.test(s);
}

function splitSentences(raw: string): string[] {
  const out: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    let cur = "";
    const chars = Array.from(line);
    for (let i = 0; i < chars.length; i++) {
      cur += chars[i];
      // "？？" and "？！" end one sentence, not two.
      if (
        SENTENCE_END_CHARS.includes(chars[i]) &&
        !SENTENCE_END_CHARS.includes(chars[i + 1] ?? "") &&
        // "?" inside a pasted link (item.htm?id=…) does not end a sentence.
        !(chars[i] === "?" && URL_TAIL_RE.test(cur))
      ) {
        if (cur.trim()) out.push(cur.trim());
        cur = "";
      }
    }
    // Several "？？" or "。。" stay with their sentence.
    if (cur.trim()) {
      if (out.length && /^[。！？!?；;.~～…\s]+$/.test(cur)) out[out.length - 1] += cur.trim();
      else out.push(cur.trim());
    }
  }
  return out;
}

function joinSentences(a: string, b: string) {
  if (!a) return b;
  return /[。！？!?；;,，.~～…:：]$/.test(a) ? a + b : a + "，" + b;
}

/**
 * Split a merged customer message ("在吗\n这件有XL吗\n什么时候发货") into separate turns, in
 * order. Statements that are not questions stay with the question that follows them ("我170斤。
 * 穿什么码？"); greetings become their own (noise) turns. Returns [raw] when there is nothing to split.
 */
export function splitMergedMessage(raw: string, extraNoise: string[] = []): string[] {
  const text = raw.trim();
  if (!/[\n。！？!?；;]/.test(text)) return [text];
  const sentences = splitSentences(text);
  if (sentences.length < 2) return [text];
  const parts: { text: string; noise: boolean }[] = [];
  let pending = "";
  for (const s of sentences) {
    const n = normalizeText(s);
    if (systemNormalized(n) || PLATFORM_RE.test(n) || greetingNormalized(normalizeKeyOf(n), extraNoise)) {
      parts.push({ text: s, noise: true });
    } else if (isQuestion(s)) {
      parts.push({ text: joinSentences(pending, s), noise: false });
      pending = "";
    } else {
      pending = joinSentences(pending, s);
    }
  }
  if (pending) {
    let last = -1;
    for (let i = parts.length - 1; i >= 0; i--)
      if (!parts[i].noise) {
        last = i;
        break;
      }
    if (last >= 0) parts[last].text = joinSentences(parts[last].text, pending);
    else parts.push({ text: pending, noise: false });
  }
  const content = parts.filter((p) => !p.noise).length;
  if (parts.length < 2 || content === 0) return [text];
  return parts.map((p) => p.text);
}

function tidyPunctuation(s: string) {
  return s
    .replace(/[!?](?:\s*[!?])+/g, (m) => (m.includes("?") ? "?" : "!"))
    .replace(/([,.;:~])(?:\s*\1)+/g, "$1")
    .replace(/-{3,}|={3,}|_{3,}|\*{3,}/g, (m) => m[0])
    .replace(/\.{4,}/g, "...");
}

/**
 * Clean one turn. `role` lets a "system" row be noise whatever it says. The result's text is
 * normalized (normalizeText) and masked; `noise` is false for content.
 */
export function cleanTurn(text: string, settings: CleaningSettings = defaultCleaningSettings, role?: TurnRole): CleanResult {
  const steps: CleanStep[] = [];
  const original = text.trim();
  let s = original;
  let normalized = "";
  if (settings.normalize) {
    normalized = normalizeText(s);
    if (normalized !== s) steps.push("normalize");
    s = normalized;
  }
  let placeholders = 0;
  if (settings.placeholders) {
    if (PLACEHOLDER_HINT_RE.test(s)) {
      const before = s;
      for (const [form, re] of PLACEHOLDER_FORMS) s = s.replace(re, () => (placeholders++, form));
      if (s !== before) steps.push("placeholders");
    }
  }
  if (settings.punctuation && PUNCT_RUN_HINT_RE.test(s)) {
    const t = tidyPunctuation(s);
    if (t !== s) steps.push("punctuation");
    s = t;
  }
  let hadEmoji = false;
  const maybeEmoji = EMOJI_HINT_RE.test(s);
  const withoutEmoji = maybeEmoji ? s.replace(EMOJI_RE, () => ((hadEmoji = true), "")).replace(STRAY_EMOJI_PARTS_RE, "") : s;
  if (hadEmoji && settings.emoji !== "keep") {
    s = settings.emoji === "remove" ? withoutEmoji : s.replace(EMOJI_RE, "[表情]").replace(STRAY_EMOJI_PARTS_RE, "");
    steps.push("emoji");
  }
  s = s.replace(/\s+/g, " ").trim();
  let masked: MaskCounts = {};
  if (settings.mask) {
    const m = maskPersonalData(s, settings.mask);
    if (m.text !== s) steps.push("mask");
    s = m.text;
    masked = m.masked;
  }
  let noise: CleanResult["noise"] = false;
  if (settings.noise) {
    const plain = stripPunctAndSpace(maybeEmoji ? s.replace(EMOJI_RE, "").replace(STRAY_EMOJI_PARTS_RE, "") : s);
    const norm = settings.normalize ? normalized : normalizeText(original);
    const rule = workspaceRule(settings.noisePatterns);
    if (role === "system" || systemNormalized(norm)) noise = "system message";
    else if (PLATFORM_RE.test(norm)) noise = "platform message";
    // A rule is written as the trainer sees the text: test the original too (【】 normalize to []).
    else if (rule && (rule(norm) || rule(original))) noise = "workspace rule";
    else if (!stripPunctAndSpace(original)) noise = "empty";
    else if (!plain) noise = hadEmoji ? "emoji only" : placeholders ? "placeholder only" : "empty";
    else if (!stripPunctAndSpace(plain.replace(PLATFORM_PLACEHOLDER_RE, ""))) {
      noise = s.includes("[表情]") && !/\[(?:图片|链接|语音|视频|商品卡片|订单卡片|文件)\]/.test(s) ? "emoji only" : "placeholder only";
    } else if (greetingNormalized(plain.replace(PLATFORM_PLACEHOLDER_RE, ""), settings.extraNoisePhrases)) noise = "greeting";
  }
  return { text: s, masked, noise, steps };
}
