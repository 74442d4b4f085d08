/**
 * Which column holds what, and what a role value means. Exports from Qianniu, 抖店, 京东 and
 * home-grown systems name the same columns differently; we guess from common header names and
 * let a mapping from the UI or `--map` override the guess.
 */
import { KbError } from "../errors";
import type { ColumnMapping, TurnRole } from "./types";

type Field = keyof Required<ColumnMapping>;

// Compared after lower-casing and dropping spaces, "_" and "-" so that "Session ID",
// "session_id" and "sessionId" are one name.
const HEADER_NAMES: Record<Field, string[]> = {
  session: ["会话id", "会话编号", "会话", "对话id", "sessionid", "session", "conversationid", "conversation", "chatid"],
  time: ["时间", "发送时间", "消息时间", "日期时间", "time", "timestamp", "datetime", "createdat", "sendtime"],
  role: ["角色", "发送方", "发送者", "身份", "role", "sender", "senderrole", "speaker", "from"],
  text: ["内容", "消息内容", "消息", "聊天内容", "文本", "text", "content", "message", "msg", "body"],
};

function headerKey(h: string) {
  return h
    .replace(/^\ufeff/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, "");
}

/** Guess the mapping from header names; fields with no recognisable column are left out. */
export function guessMapping(headers: string[]): ColumnMapping {
  const keys = headers.map(headerKey);
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of ["session", "time", "role", "text"] as Field[]) {
    // Earlier names in the list are the more specific ones, so they win.
    for (const name of HEADER_NAMES[field]) {
      const idx = keys.findIndex((k, i) => k === name && !used.has(i));
      if (idx >= 0) {
        mapping[field] = headers[idx].trim();
        used.add(idx);
        break;
      }
    }
  }
  return mapping;
}

/** Parse `session=会话,role=角色,text=内容,time=时间` (the CLI's `--map`). */
export function parseMapArg(arg: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const part of arg.split(/[,，]/)) {
    if (!part.trim()) continue;
    const eq = part.indexOf("=");
    if (eq < 0) throw new KbError("MAP_OPTION", `"${part}" is not field=COLUMN`);
    const field = part.slice(0, eq).trim().toLowerCase();
    const column = part.slice(eq + 1).trim();
    if (!["session", "role", "text", "time"].includes(field)) {
      throw new KbError("MAP_OPTION", `unknown field "${field}" (use session, role, text, time)`);
    }
    if (!column) throw new KbError("MAP_OPTION", `no column given for ${field}`);
    mapping[field as Field] = column;
  }
  return mapping;
}

const ROLE_VALUES: Record<string, TurnRole> = {};
for (const v of ["买家", "顾客", "客户", "用户", "访客", "customer", "user", "buyer", "client", "visitor"]) ROLE_VALUES[v] = "customer";
for (const v of ["客服", "商家", "人工", "人工客服", "卖家", "店家", "agent", "seller", "staff", "human", "service", "cs"]) ROLE_VALUES[v] = "agent";
for (const v of ["机器人", "智能客服", "自动回复", "店小蜜", "bot", "robot", "assistant", "auto"]) ROLE_VALUES[v] = "bot";
for (const v of ["系统", "系统消息", "system", "notice"]) ROLE_VALUES[v] = "system";

/** Map a role cell to a role; null when the value is not one we know (the row is rejected). */
export function mapRole(value: string): TurnRole | null {
  const key = value.trim().toLowerCase().replace(/\s+/g, "");
  return ROLE_VALUES[key] ?? null;
}
