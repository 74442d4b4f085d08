/**
 * Size advice from a size chart: body measurements from buyer phrasing ("我165 100斤",
 * "1米6 52kg", "身高160cm体重九十斤") and the chart row that fits. Out-of-chart is said honestly.
 */
import type { SizeRow } from "./types";

export interface Body {
  heightCm: number | null;
  weightKg: number | null;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "一百二" → 120, "九十五" → 95, "一米六五" stays for the metre rule below. */
function chineseNumber(s: string): number | null {
  let total = 0;
  let cur = 0;
  let lastUnit = 1;
  for (const ch of s) {
    if (ch in CN_DIGITS) cur = CN_DIGITS[ch];
    else if (ch === "十") {
      total += (cur || 1) * 10;
      cur = 0;
      lastUnit = 10;
    } else if (ch === "百") {
      total += cur * 100;
      cur = 0;
      lastUnit = 100;
    } else return null;
  }
  // "一百二" means 120: a trailing digit after 百 counts tens.
  if (cur) total += lastUnit === 100 ? cur * 10 : cur;
  return total || null;
}

/** Chinese numerals next to a unit become digits, so one parser reads both. */
function digitize(text: string): string {
  return text
    .replace(
      /([一二两三四五六七八九])米([一二三四五六七八九])([一二三四五六七八九零])?/g,
      (_m, a: string, b: string, c?: string) => `${CN_DIGITS[a]}米${CN_DIGITS[b]}${c ? CN_DIGITS[c] : ""}`,
    )
    .replace(/([零〇一二两三四五六七八九十百]+)(?=\s*(斤|公斤|千克|kg|厘米|公分|cm))/gi, (m) => String(chineseNumber(m) ?? m));
}

export function parseBody(input: string): Body {
  const text = digitize(input.normalize("NFKC").toLowerCase());
  let heightCm: number | null = null;
  let weightKg: number | null = null;
  // 1米65 / 1米6 / 1.65米 / 1.65m / 165cm / 165厘米 / 165公分
  const metre = /(\d)\s*米\s*(\d{1,2})(?!\d)/.exec(text);
  if (metre) heightCm = 100 + Number(metre[2].length === 1 ? `${metre[2]}0` : metre[2]) + (Number(metre[1]) - 1) * 100;
  const tokens = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(斤|公斤|千克|kg|厘米|公分|cm|米|m(?![a-z]))?/g)];
  const unitless: number[] = [];
  for (const t of tokens) {
    if (metre && t.index! >= metre.index && t.index! < metre.index + metre[0].length) continue;
    const n = Number(t[1]);
    const unit = t[2];
    if (unit === "斤") weightKg ??= n / 2;
    else if (unit === "公斤" || unit === "千克" || unit === "kg") weightKg ??= n;
    else if (unit === "厘米" || unit === "公分" || unit === "cm") heightCm ??= n;
    else if (unit === "米" || unit === "m") heightCm ??= n < 3 ? Math.round(n * 100) : n;
    else unitless.push(n);
  }
  // "165 100": a plausible height first, then a weight — 斤 when ≥ 80 (what buyers mean), else kg.
  for (const n of unitless) {
    if (heightCm === null && n >= 130 && n <= 210) heightCm = n;
    else if (heightCm === null && n >= 1.3 && n <= 2.1) heightCm = Math.round(n * 100);
    else if (weightKg === null && n >= 60 && n <= 300) weightKg = n / 2;
    else if (weightKg === null && n >= 30 && n < 60) weightKg = n;
  }
  return { heightCm, weightKg };
}

function inRange(v: number, min: number | null, max: number | null) {
  return (min === null || v >= min) && (max === null || v <= max);
}

function span(rows: SizeRow[], lo: "heightMin" | "weightMin", hi: "heightMax" | "weightMax") {
  const mins = rows.map((r) => r[lo]).filter((x): x is number => x !== null);
  const maxs = rows.map((r) => r[hi]).filter((x): x is number => x !== null);
  const openLo = rows.some((r) => r[lo] === null && r[hi] !== null);
  const openHi = rows.some((r) => r[hi] === null && r[lo] !== null);
  return { min: openLo || !mins.length ? null : Math.min(...mins), max: openHi || !maxs.length ? null : Math.max(...maxs) };
}

export interface SizeAdvice {
  size: string | null;
  reply: string;
  /** The buyer's measurements are outside the chart (or the chart has no row for them). */
  outOfChart: boolean;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** The size for a body; when height and weight point at different sizes, the larger one. */
export function adviseSize(chart: SizeRow[], body: Body): SizeAdvice {
  const { heightCm: h, weightKg: w } = body;
  if (h === null && w === null) return { size: null, outOfChart: false, reply: "亲，麻烦告诉我您的身高和体重（比如 165cm 100斤），我帮您推荐尺码哦" };
  const hasH = chart.some((r) => r.heightMin !== null || r.heightMax !== null);
  const hasW = chart.some((r) => r.weightMin !== null || r.weightMax !== null);
  const byH = h !== null && hasH ? chart.findIndex((r) => inRange(h, r.heightMin, r.heightMax)) : -1;
  const byW = w !== null && hasW ? chart.findIndex((r) => inRange(w, r.weightMin, r.weightMax)) : -1;
  const hOut = h !== null && hasH && byH < 0;
  const wOut = w !== null && hasW && byW < 0;
  if (hOut || wOut) {
    const hs = span(chart, "heightMin", "heightMax");
    const ws = span(chart, "weightMin", "weightMax");
    const range = [
      hasH ? `身高 ${hs.min ?? "…"}–${hs.max ?? "…"}cm` : "",
      hasW ? `体重 ${ws.min === null ? "…" : fmt(ws.min * 2)}–${ws.max === null ? "…" : fmt(ws.max * 2)}斤` : "",
    ]
      .filter(Boolean)
      .join("、");
    const what = hOut && wOut ? "身高和体重" : hOut ? "身高" : "体重";
    return { size: null, outOfChart: true, reply: `亲，您的${what}超出了这款的尺码表范围（${range}），暂时没法准确推荐，建议联系人工客服确认哦` };
  }
  const idx = Math.max(byH, byW);
  if (idx < 0) return { size: null, outOfChart: true, reply: "亲，这款的尺码表里没有对应的尺码，建议联系人工客服确认哦" };
  const size = chart[idx].size;
  const said = [h !== null ? `身高 ${fmt(h)}cm` : "", w !== null ? `体重 ${fmt(w * 2)}斤` : ""].filter(Boolean).join("、");
  const split = byH >= 0 && byW >= 0 && byH !== byW;
  const reply = split
    ? `亲，按尺码表，身高对应 ${chart[byH].size}、体重对应 ${chart[byW].size}，建议选 ${size} 码，穿着更舒适哦`
    : `亲，${said}建议选 ${size} 码哦`;
  return { size, outOfChart: false, reply };
}

/**
 * A size chart written in one cell: rows separated by "|", ";" or line breaks, each a size and
 * ranges, e.g. "S 150-158cm 80-95斤 | M 158-165cm 95-110斤 | XL 175cm以上 130斤以上".
 */
export function parseSizeChart(cell: string): { rows: SizeRow[]; bad: string[] } {
  const rows: SizeRow[] = [];
  const bad: string[] = [];
  for (const raw of cell.split(/[|;；\n]/)) {
    const part = raw.normalize("NFKC").trim();
    if (!part) continue;
    const m = /^([a-z0-9]+|均码|大码|小码)[\s:：,，]+(.+)$/i.exec(part);
    if (!m) {
      bad.push(part);
      continue;
    }
    const row: SizeRow = { size: m[1].toUpperCase(), heightMin: null, heightMax: null, weightMin: null, weightMax: null };
    let any = false;
    for (const r of m[2].matchAll(/(\d+(?:\.\d+)?)\s*(?:(?:-|~|–|到|至)\s*(\d+(?:\.\d+)?))?\s*(cm|厘米|公分|斤|kg|公斤)\s*(以上|以下)?/gi)) {
      const a = Number(r[1]);
      const b = r[2] === undefined ? null : Number(r[2]);
      const unit = r[3].toLowerCase();
      const k = unit === "斤" ? 0.5 : 1;
      const lo = b === null ? (r[4] === "以下" ? null : a * k) : a * k;
      const hi = b === null ? (r[4] === "以上" ? null : r[4] === "以下" ? a * k : a * k) : b * k;
      if (unit === "cm" || unit === "厘米" || unit === "公分") Object.assign(row, { heightMin: lo, heightMax: hi });
      else Object.assign(row, { weightMin: lo, weightMax: hi });
      any = true;
    }
    if (any) rows.push(row);
    else bad.push(part);
  }
  return { rows, bad };
}

/** The one-cell form of a chart, for export (round-trips through parseSizeChart). */
export function formatSizeChart(rows: SizeRow[]): string {
  const range = (lo: number | null, hi: number | null, unit: string, k: number) =>
    lo === null && hi === null
      ? ""
      : lo === null
        ? `${fmt(hi! * k)}${unit}以下`
        : hi === null
          ? `${fmt(lo * k)}${unit}以上`
          : `${fmt(lo * k)}-${fmt(hi * k)}${unit}`;
  return rows.map((r) => [r.size, range(r.heightMin, r.heightMax, "cm", 1), range(r.weightMin, r.weightMax, "斤", 2)].filter(Boolean).join(" ")).join(" | ");
}
