/**
 * Message times as the shop sees them. Exports write wall-clock Beijing time in many shapes;
 * we keep one canonical form "YYYY-MM-DD HH:mm:ss" (shop time, UTC+8) plus epoch milliseconds.
 */

const SHOP_OFFSET_MS = 8 * 3600_000;

export interface ParsedTime {
  time: string;
  timeMs: number;
}

function pad(n: number, w = 2) {
  return String(n).padStart(w, "0");
}

function fromWallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): ParsedTime | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  // Rejects 2024-02-30 and friends instead of silently rolling over into March.
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return { time: `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`, timeMs: utc - SHOP_OFFSET_MS };
}

function fromEpochMs(ms: number): ParsedTime | null {
  if (!Number.isFinite(ms)) return null;
  const w = new Date(ms + SHOP_OFFSET_MS);
  const r = fromWallClock(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds());
  return r && { time: r.time, timeMs: ms };
}

const WALL_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?秒?)?)?$/;
const ISO_ZONE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parse a time cell. Returns null for text that is not a time. `zoneIsWallClock` is for XLSX:
 * Excel dates carry no zone and our reader renders them as "...Z" ISO strings, so the "Z" there
 * means "as written in the sheet", not UTC.
 */
export function parseTime(value: string, opts: { zoneIsWallClock?: boolean } = {}): ParsedTime | null {
  const v = value.trim();
  if (!v) return null;
  let m = WALL_RE.exec(v);
  if (m) return fromWallClock(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  m = ISO_ZONE_RE.exec(v);
  if (m) {
    const wall = fromWallClock(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0));
    if (!wall) return null;
    if (opts.zoneIsWallClock && m[7] === "Z") return wall;
    let offsetMin = 0;
    if (m[7] !== "Z") {
      const sign = m[7][0] === "-" ? -1 : 1;
      const digits = m[7].slice(1).replace(":", "");
      offsetMin = sign * (+digits.slice(0, 2) * 60 + +digits.slice(2));
    }
    return fromEpochMs(wall.timeMs + SHOP_OFFSET_MS - offsetMin * 60_000);
  }
  // Epoch seconds or milliseconds, as API dumps write them.
  if (/^\d{10}$/.test(v)) return fromEpochMs(+v * 1000);
  if (/^\d{13}$/.test(v)) return fromEpochMs(+v);
  // Excel serial day numbers (days since 1899-12-30) from sheets where the cell lost its format.
  if (/^\d{5}(\.\d+)?$/.test(v)) {
    const serial = +v;
    if (serial > 30000 && serial < 80000) {
      const wallMs = Math.round(((serial - 25569) * 86400_000) / 1000) * 1000;
      return fromEpochMs(wallMs - SHOP_OFFSET_MS);
    }
  }
  return null;
}
