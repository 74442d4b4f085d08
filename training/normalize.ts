/**
 * The one text normalization used everywhere text is compared or stored for matching
 * (issue 2): full-width ASCII → half-width, unified punctuation, collapsed spaces, trimmed,
 * Latin letters lower-cased. Chinese characters are left untouched.
 */

// Punctuation that customers type in many shapes; each maps to one canonical form so that
// "怎么退货？" and "怎么退货?" compare equal.
const PUNCT_MAP: Record<string, string> = {
  "\u3002": ".", // 。
  "\uff61": ".", // ｡
  "\u3001": ",", // 、
  "\uff64": ",",
  "\u201c": '"', // “
  "\u201d": '"', // ”
  "\u2018": "'", // ‘
  "\u2019": "'", // ’
  "\u300c": '"', // 「
  "\u300d": '"', // 」
  "\u300e": '"', // 『
  "\u300f": '"', // 』
  "\u3010": "[", // 【
  "\u3011": "]", // 】
  "\u3014": "[", // 〔
  "\u3015": "]", // 〕
  "\u300a": "<", // 《
  "\u300b": ">", // 》
  "\u3008": "<", // 〈
  "\u3009": ">", // 〉
  "\u2026": "...", // …
  "\u22ef": "...", // ⋯
  "\u2014": "-", // —
  "\u2013": "-", // –
  "\u2012": "-",
  "\u2015": "-",
  "\u30fc": "-", // ー
  "\uff5e": "~", // ～ (also covered by the full-width range, kept for clarity)
  "\u301c": "~", // 〜
  "\u00b7": "·",
  "\u30fb": "·", // ・
};

const PUNCT_RE = new RegExp(`[${Object.keys(PUNCT_MAP).join("")}]`, "g");

// Zero-width characters and BOMs that sneak in from copy-paste and exports.
const INVISIBLE_RE = /[\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff]/g;

// Terminal escape sequences (ESC [ … letter) and every C0/C1 control character except tab and
// line breaks, which text fields legitimately hold.

const ANSI_RE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * What every text that enters the studio goes through before it is stored (issue 14 item 2): no
 * zero-width characters, BOMs, NULs, terminal escapes or other control characters. Unlike
 * normalizeText it keeps the text as written (width, case, punctuation, line breaks).
 */
export function cleanInput(text: string): string {
  if (!text) return "";
  return text.replace(ANSI_RE, "").replace(INVISIBLE_RE, "").replace(CONTROL_RE, "");
}

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space → half-width. */
export function toHalfWidth(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += " ";
    else out += ch;
  }
  return out;
}

export function normalizeText(text: string): string {
  if (!text) return "";
  let s = text.normalize("NFKC");
  s = toHalfWidth(s);
  s = s.replace(INVISIBLE_RE, "");
  s = s.replace(PUNCT_RE, (c) => PUNCT_MAP[c] ?? c);
  s = s.toLowerCase();
  // Runs of the same punctuation ("？？？", "!!!") carry no meaning for matching.
  s = s.replace(/\.{2,}/g, "...").replace(/([!?,~])\1+/g, "$1");
  s = s.replace(/\s+/g, " ").trim();
  return s;
}

/**
 * The key under which two texts count as "the same question": normalized, then trailing
 * sentence punctuation and spaces between Chinese characters dropped.
 */
export function normalizeKey(text: string): string {
  return normalizeText(text)
    .replace(/(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])/g, "")
    .replace(/[\s!?.,~;:]+$/g, "")
    .replace(/^[\s!?.,~;:]+/g, "");
}
