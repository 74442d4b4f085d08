/**
 * Text → tokens for the matching engine (issue 3).
 *
 * Two views of one text:
 * - lexical terms for BM25 / TF-IDF: Chinese as character unigrams + bigrams (robust to jieba
 *   segmentation errors and one-character typos such as 微粒货 for 微粒贷; matching-notes.md
 *   measured them above jieba words for BM25), Latin text as lightly stemmed words;
 * - classifier features for the trained encoder: jieba words, word bigrams and character
 *   n-grams, each prefixed by its kind so that the hash spaces do not collide by design.
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

let jieba: Jieba | null = null;
function getJieba(): Jieba {
  // Loading the dictionary takes ~0.2 s: do it once, on first use.
  if (!jieba) jieba = Jieba.withDict(dict);
  return jieba;
}

const CJK_RE = /[\u3400-\u9fff\uf900-\ufaff]/;
// A segment is a run of CJK characters or a run of Latin letters/digits; everything else splits.
const SEGMENT_RE = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9][a-z0-9'_-]*/g;

export function isCjk(ch: string): boolean {
  return CJK_RE.test(ch);
}

/** Share of CJK characters among letters: tells Chinese workspaces from English ones. */
export function cjkRatio(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    if (CJK_RE.test(ch)) cjk++;
    else if (/[a-z0-9]/i.test(ch)) other++;
  }
  return cjk + other === 0 ? 0 : cjk / (cjk + other);
}

/**
 * A light English stemmer (plural, -ing, -ed, -ly, -ies): enough to join "cards"/"card" and
 * "charged"/"charge" without the cost and surprises of a full Porter stemmer.
 */
export function stemWord(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let s = w.replace(/'s$/, "").replace(/'/g, "");
  if (s.length <= 3) return s;
  if (s.endsWith("ies") && s.length > 4) s = s.slice(0, -3) + "y";
  else if (s.endsWith("sses")) s = s.slice(0, -2);
  else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) s = s.slice(0, -1);
  if (s.endsWith("ing") && s.length > 5) {
    s = s.slice(0, -3);
    if (/([b-df-hj-np-tv-z])\1$/.test(s) && !/(ll|ss|zz)$/.test(s)) s = s.slice(0, -1);
    else if (/[^aeiou][aeiouy][^aeiouwxy]$/.test(s) && s.length <= 4) s += "e";
  } else if (s.endsWith("ed") && s.length > 4) {
    s = s.slice(0, -2);
    if (/([b-df-hj-np-tv-z])\1$/.test(s) && !/(ll|ss|zz)$/.test(s)) s = s.slice(0, -1);
    else if (/[^aeiou][aeiouy][^aeiouwxy]$/.test(s) && s.length <= 4) s += "e";
  } else if (s.endsWith("ly") && s.length > 5) s = s.slice(0, -2);
  if (s.endsWith("e") && s.length > 4 && !s.endsWith("ee")) s = s.slice(0, -1);
  return s;
}

export interface Segment {
  text: string;
  cjk: boolean;
}

/** Splits an already normalized text into CJK runs and Latin/digit words. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  for (const m of text.matchAll(SEGMENT_RE)) out.push({ text: m[0], cjk: CJK_RE.test(m[0][0]) });
  return out;
}

/**
 * Character n-grams of a CJK run, 1 to maxN characters long, pushed position by position (at each
 * character: the unigram, the bigram, …), each behind `prefix`. The lexical, TF-IDF and classifier
 * views all cut CJK text this way, so the cut lives in one place; keep the order, since the
 * encoder assigns its feature rows in the order the features come.
 */
function pushCjkNgrams(out: string[], run: string, maxN: number, prefix = ""): void {
  const chars = Array.from(run);
  for (let i = 0; i < chars.length; i++) {
    let gram = prefix;
    for (let n = 0; n < maxN && i + n < chars.length; n++) {
      gram += chars[i + n];
      out.push(gram);
    }
  }
}

/**
 * Character minN- to maxN-grams of a Latin word wrapped in boundary marks (`<word>`), shortest
 * n first, each behind `prefix`: the sub-word terms that catch typos and inflections, shared by the
 * TF-IDF terms and the classifier features.
 */
function pushMarkedWordNgrams(out: string[], word: string, minN: number, maxN: number, prefix: string): void {
  const w = `<${word}>`;
  for (let n = minN; n <= maxN; n++) for (let i = 0; i + n <= w.length; i++) out.push(prefix + w.slice(i, i + n));
}

/** Lexical terms for BM25: CJK character unigrams + bigrams, stemmed Latin words. */
export function lexicalTerms(text: string): string[] {
  const out: string[] = [];
  for (const seg of segments(text)) {
    if (seg.cjk) pushCjkNgrams(out, seg.text, 2);
    else out.push(stemWord(seg.text));
  }
  return out;
}

/**
 * Terms for the TF-IDF cosine: CJK unigrams, bigrams and trigrams; Latin words plus their
 * character 3- and 4-grams with boundary marks, which catch typos and inflections BM25 misses.
 */
export function ngramTerms(text: string): string[] {
  const out: string[] = [];
  for (const seg of segments(text)) {
    if (seg.cjk) pushCjkNgrams(out, seg.text, 3);
    else {
      out.push(seg.text);
      pushMarkedWordNgrams(out, seg.text, 3, 4, "#");
    }
  }
  return out;
}

/** Words: jieba for CJK runs, stemmed Latin words. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const seg of segments(text)) {
    if (seg.cjk) {
      for (const w of getJieba().cut(seg.text, false)) if (w.trim()) out.push(w);
    } else out.push(stemWord(seg.text));
  }
  return out;
}

/** Word-level lexical terms for the second BM25: words and word bigrams (phrases). */
export function wordTerms(ws: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    out.push(ws[i]);
    if (i + 1 < ws.length) out.push(ws[i] + "_" + ws[i + 1]);
  }
  return out;
}

/** Classifier features: words, word bigrams, CJK char 1-3-grams, Latin char 3-5-grams. */
export function classifierFeatures(text: string, ws: string[] = words(text)): string[] {
  const out: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    out.push("w" + ws[i]);
    if (i + 1 < ws.length) out.push("b" + ws[i] + " " + ws[i + 1]);
  }
  for (const seg of segments(text)) {
    if (seg.cjk) pushCjkNgrams(out, seg.text, 3, "c");
    else if (seg.text.length > 2) pushMarkedWordNgrams(out, seg.text, 3, 5, "c");
  }
  return out;
}

/** FNV-1a, 32 bit: stable across runs and platforms, so serialized encoders stay valid. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
