/**
 * Homophone typos (同音错别字): customers type Chinese through pinyin input methods, so a wrong
 * character usually sounds like the right one (抱修 for 保修, 尼好 for 你好, 生产日七 for 生产日期).
 * The fixer knows the knowledge base's characters by their toneless pinyin and how often each
 * character bigram occurs. In a query, a character that forms no KB bigram with either neighbour
 * is replaced by a same-sounding KB character that forms KB bigrams with every neighbour (and a
 * frequent one at the edge of a run). A character supported by a neighbour is never touched, so
 * queries in the KB's own words keep their exact wording.
 */
import { pinyin } from "pinyin-pro";

/** At the edge of a run only one bigram vouches for a replacement: it must be this common. */
const EDGE_MIN_COUNT = 5;
/** Inside a run both bigrams must occur at least this often. */
const INNER_MIN_COUNT = 2;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]{2,}/g;

const soundOf = new Map<string, string>();

/**
 * Toneless pinyin of each character of a CJK run, one character at a time (its commonest
 * reading): the same character always sounds the same in the KB and in queries, and a cache per
 * character makes a 100k-variant KB take a few hundred milliseconds instead of seconds.
 */
function syllables(run: string): string[] {
  return Array.from(run, (c) => {
    let s = soundOf.get(c);
    if (s === undefined) soundOf.set(c, (s = pinyin(c, { toneType: "none" })));
    return s;
  });
}

export class HomophoneFixer {
  private readonly bigrams = new Map<string, number>();
  private readonly bySound = new Map<string, Set<string>>();

  constructor(texts: Iterable<string>) {
    for (const text of texts) {
      for (const m of text.matchAll(CJK_RUN)) {
        const chars = Array.from(m[0]);
        const sy = syllables(m[0]);
        chars.forEach((c, i) => {
          let set = this.bySound.get(sy[i]);
          if (!set) this.bySound.set(sy[i], (set = new Set()));
          set.add(c);
          if (i + 1 < chars.length) {
            const bg = c + chars[i + 1];
            this.bigrams.set(bg, (this.bigrams.get(bg) ?? 0) + 1);
          }
        });
      }
    }
  }

  private count(bg: string): number {
    return this.bigrams.get(bg) ?? 0;
  }

  /** The text with homophone typos replaced (an already normalized text). */
  fix(text: string): string {
    return text.replace(CJK_RUN, (run) => {
      const chars = Array.from(run);
      let sy: string[] | null = null;
      for (let j = 0; j < chars.length; j++) {
        const left = j > 0 ? chars[j - 1] : null;
        const right = j + 1 < chars.length ? chars[j + 1] : null;
        if ((left && this.count(left + chars[j])) || (right && this.count(chars[j] + right))) continue;
        sy ??= syllables(run);
        const alts = this.bySound.get(sy[j]);
        if (!alts) continue;
        const min = left && right ? INNER_MIN_COUNT : EDGE_MIN_COUNT;
        let best: string | null = null;
        let bestScore = 0;
        for (const c of alts) {
          if (c === chars[j]) continue;
          const l = left ? this.count(left + c) : Infinity;
          const r = right ? this.count(c + right) : Infinity;
          const score = Math.min(l, r);
          if (score >= min && score > bestScore) {
            best = c;
            bestScore = score;
          }
        }
        if (best) chars[j] = best;
      }
      return chars.join("");
    });
  }
}

const CJK_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * How a text sounds, for search: toneless pinyin of its Chinese characters with letters and digits
 * kept (运费 → "yunfei", XL码 → "xlma"), and the initials (运费 → "yf"). A search by pinyin, by
 * initials or with a homophone typo (发火 for 发货: both "fahuo") finds the text (issue 15 item 16).
 */
export function soundKey(text: string): { full: string; initials: string } {
  let full = "";
  let initials = "";
  for (const c of text.toLowerCase()) {
    if (CJK_CHAR.test(c)) {
      const s = syllables(c)[0];
      full += s;
      initials += s[0] ?? "";
    } else if (/[a-z0-9]/.test(c)) {
      full += c;
      initials += c;
    }
  }
  return { full, initials };
}
