import { describe, expect, it } from "vitest";

import { KbError } from "../errors";
import { encodeText } from "../io/decode";
import { readCsvRecords } from "./csv";
import { guessMapping, mapRole, parseMapArg } from "./mapping";
import { detectFormat, parseLogFile, parseLogFileAll } from "./parse";
import { processLogFileAll, turnHash } from "./process";
import { parseTime } from "./time";
import type { LogItem, RawTurn } from "./types";

const buf = (s: string) => Buffer.from(s, "utf8");
const turnsOf = (items: LogItem[]) => items.filter((i): i is RawTurn => i.kind === "turn");

describe("readCsvRecords", () => {
  it("reads quoted fields with commas, quotes and line breaks", () => {
    const recs = [...readCsvRecords('a,b\r\n1,"x, ""y""\r\nz"\r\n2,w\r\n')];
    expect(recs.map((r) => [r.row, r.line, r.cells])).toEqual([
      [1, 1, ["a", "b"]],
      [2, 2, ["1", 'x, "y"\r\nz']],
      [3, 4, ["2", "w"]],
    ]);
  });
  it("loses only the broken line after an unclosed quote", () => {
    const recs = [...readCsvRecords('h1,h2\n1,"open\n2,ok\n3,"fine"\n')];
    expect(recs.map((r) => [r.row, r.error ?? r.cells.join("|")])).toEqual([
      [1, "h1|h2"],
      [2, "unclosed quote or text after a closing quote"],
      [3, "2|ok"],
      [4, "3|fine"],
    ]);
  });
  it("reports an unclosed quote at the end of the file", () => {
    const recs = [...readCsvRecords('h\n"never closed\nmore')];
    expect(recs[1].error).toBe("unclosed quote");
    expect(recs[2].cells).toEqual(["more"]);
  });
  it("reads tab-separated records", () => {
    expect([...readCsvRecords("a\tb\n1\t2", "\t")].map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});

describe("mapping", () => {
  it("guesses common header names", () => {
    expect(guessMapping(["会话ID", "时间", "角色", "内容"])).toEqual({ session: "会话ID", time: "时间", role: "角色", text: "内容" });
    expect(guessMapping(["sessionId", "timestamp", "sender", "message"])).toEqual({ session: "sessionId", time: "timestamp", role: "sender", text: "message" });
    expect(guessMapping(["Session ID", "Time", "Role", "Content", "extra"])).toEqual({ session: "Session ID", time: "Time", role: "Role", text: "Content" });
    expect(guessMapping(["foo", "bar"])).toEqual({});
  });
  it("parses --map", () => {
    expect(parseMapArg("session=会话,role=角色,text=内容,time=时间")).toEqual({ session: "会话", role: "角色", text: "内容", time: "时间" });
    expect(parseMapArg("text = 聊天内容 ，role=谁")).toEqual({ text: "聊天内容", role: "谁" });
    expect(() => parseMapArg("who=角色")).toThrow(KbError);
    expect(() => parseMapArg("role")).toThrow(/field=COLUMN/);
  });
  it.each([
    ["买家", "customer"],
    ["顾客", "customer"],
    ["客户", "customer"],
    ["Customer", "customer"],
    ["user", "customer"],
    ["客服", "agent"],
    ["商家", "agent"],
    ["人工", "agent"],
    ["agent", "agent"],
    ["机器人", "bot"],
    ["bot", "bot"],
    ["系统", "system"],
    ["店小二", null],
    ["", null],
  ])("role %s → %s", (v, r) => expect(mapRole(v)).toBe(r));
});

describe("parseTime", () => {
  it.each([
    ["2024-05-01 10:00:01", "2024-05-01 10:00:01"],
    ["2024/5/1 9:05", "2024-05-01 09:05:00"],
    ["2024年5月1日 10:00:01", "2024-05-01 10:00:01"],
    ["2024-05-01", "2024-05-01 00:00:00"],
    ["2024-05-01T02:00:01Z", "2024-05-01 10:00:01"],
    ["2024-05-01T10:00:01+08:00", "2024-05-01 10:00:01"],
    ["1714528801", "2024-05-01 10:00:01"],
    ["1714528801000", "2024-05-01 10:00:01"],
  ])("%s → %s", (v, t) => expect(parseTime(v)?.time).toBe(t));
  it("treats the Z of Excel dates as wall clock", () => {
    expect(parseTime("2024-05-01T10:00:01.000Z", { zoneIsWallClock: true })?.time).toBe("2024-05-01 10:00:01");
    expect(parseTime("2024-05-01 10:00:01")?.timeMs).toBe(Date.UTC(2024, 4, 1, 2, 0, 1));
  });
  it.each(["昨天下午", "2024-13-01 10:00", "2024-02-30 10:00", "10:00", "abc"])("rejects %s", (v) => expect(parseTime(v)).toBeNull());
});

describe("detectFormat", () => {
  it("uses the name, then the content", () => {
    expect(detectFormat("a.xls", buf("x"))).toBeNull();
    expect(detectFormat("a.tsv", buf("x"))).toBe("csv");
    expect(detectFormat("a.ndjson", buf("x"))).toBe("jsonl");
    expect(detectFormat("a.txt", buf("2024-05-01 10:00:01 小王:\n在吗\n"))).toBe("qianniu");
    expect(detectFormat("a.log", buf("random words"))).toBeNull();
    expect(detectFormat("a.txt", encodeText("会话ID,角色,内容\n1,买家,在吗", "gbk"))).toBe("csv");
  });
});

describe("parseLogFile: CSV", () => {
  it("applies a mapping over the guess and reports unknown columns", async () => {
    const csv = buf("编号,谁,说了啥,几点\n1,买家,有M码吗,2024-05-01 10:00\n");
    await expect(parseLogFileAll(csv, "a.csv")).rejects.toMatchObject({ code: "LOG_COLUMNS_UNKNOWN", params: { missing: "role / text" } });
    const items = await parseLogFileAll(csv, "a.csv", { mapping: parseMapArg("session=编号,role=谁,text=说了啥,time=几点") });
    expect(items).toEqual([
      { kind: "turn", row: 2, line: 2, sessionId: "1", role: "customer", text: "有M码吗", time: "2024-05-01 10:00:00", timeMs: Date.UTC(2024, 4, 1, 2) },
    ]);
    await expect(parseLogFileAll(csv, "a.csv", { mapping: { role: "谁", text: "没有这列" } })).rejects.toThrow(/"没有这列"/);
  });

  it("uses the file name as the session when there is no session column", async () => {
    const items = turnsOf(await parseLogFileAll(buf("角色,内容\n买家,在吗\n"), "day1.csv"));
    expect(items[0].sessionId).toBe("day1.csv");
    expect(items[0].time).toBeNull();
  });

  it("streams in chunks with progress", async () => {
    const lines = ["会话ID,角色,内容"];
    for (let i = 0; i < 2500; i++) lines.push(`s${i % 7},买家,问题${i}`);
    const calls: [number, number, number][] = [];
    const sizes: number[] = [];
    for await (const chunk of parseLogFile(buf(lines.join("\n")), "a.csv", { chunkSize: 1000, onProgress: (a, b, c) => calls.push([a, b, c]) }))
      sizes.push(chunk.length);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(calls.map((c) => c[0])).toEqual([1000, 2000, 2500]);
    expect(calls.at(-1)).toEqual([2500, 2500, 1]);
    expect(calls[0][1]).toBeGreaterThanOrEqual(2500);
    expect(calls[0][2]).toBeGreaterThan(0.3);
    expect(calls[0][2]).toBeLessThan(0.5);
  });
});

describe("parseLogFile: JSONL", () => {
  it("reads mixed keys and rejects broken lines with their line number", async () => {
    const text = [
      '{"sessionId":"a","role":"customer","text":"在吗","time":"2024-05-01 10:00:00"}',
      '{"session_id":"a","sender":"客服","content":"在的亲","timestamp":1714528830}',
      "",
      '{"session":"a","role":"user","message":"有XL吗"',
      "[1,2]",
      '{"role":"user","text":"没有会话"}',
      '{"session":"a","role":"user","msg":"   "}',
    ].join("\n");
    const items = await parseLogFileAll(buf(text), "a.jsonl");
    expect(items.map((i) => (i.kind === "turn" ? `${i.row}:${i.role}:${i.text}:${i.time}` : `${i.row}!${i.message.split(" (")[0]}`))).toEqual([
      "1:customer:在吗:2024-05-01 10:00:00",
      "2:agent:在的亲:2024-05-01 10:00:30",
      "4!malformed JSON",
      "5!not a JSON object",
      "6!missing session id",
      "7!missing text",
    ]);
  });
});

describe("parseLogFile: Qianniu text", () => {
  const text = [
    "2024-05-01 10:00:01 小王:",
    "在吗",
    "",
    "2024-05-01 10:00:20 木棉小铺:小美:",
    "在的亲",
    "有什么可以帮您",
    "2024-05-01 10:01:00 阿凯:",
    "发货了吗",
    "2024-05-01 10:02:00 小王:",
    "有XL吗",
    "2024-05-01 11:30:00 木棉小铺:店小蜜:",
    "欢迎光临～",
    "2024-05-01 11:30:30 小红:",
    "羽绒服会钻绒吗",
    "2024-05-02 09:00:00 木棉小铺:小美:",
    "亲，昨天的问题还在吗",
    "2024-05-02 09:00:05 店长老李:",
    "",
  ].join("\n");

  it("decides roles from nicknames and sessions by customer and gap", async () => {
    const items = await parseLogFileAll(buf("导出时间：2024-05-03\n" + text), "q.txt", { agentNicknames: ["店长老李"] });
    expect(items[0]).toMatchObject({ kind: "rejected", row: 1 });
    const turns = turnsOf(items);
    expect(turns.map((t) => [t.nickname, t.role, t.sessionId, t.text])).toEqual([
      ["小王", "customer", "小王@2024-05-01 10:00:01", "在吗"],
      ["木棉小铺:小美", "agent", "小王@2024-05-01 10:00:01", "在的亲\n有什么可以帮您"],
      ["阿凯", "customer", "阿凯@2024-05-01 10:01:00", "发货了吗"],
      ["小王", "customer", "小王@2024-05-01 10:00:01", "有XL吗"],
      // The bot greeting opens 小红's session, not a stale one of 小王.
      ["木棉小铺:店小蜜", "bot", "小红@2024-05-01 11:30:00", "欢迎光临～"],
      ["小红", "customer", "小红@2024-05-01 11:30:00", "羽绒服会钻绒吗"],
      // A follow-up the next day is a new session of the last customer.
      ["木棉小铺:小美", "agent", "小红@2024-05-02 09:00:00", "亲，昨天的问题还在吗"],
    ]);
    const last = items.at(-1)!;
    expect(last).toMatchObject({ kind: "rejected", message: "missing text" });
    expect(items.map((i) => i.row)).toEqual([...items.map((i) => i.row)].sort((a, b) => a - b));
  });

  it("accepts nickname-first headers", async () => {
    const items = turnsOf(await parseLogFileAll(buf("小王 2024-05-01 10:00:01\n在吗\n木棉小铺:小美 2024-05-01 10:00:09\n在的\n"), "q.txt"));
    expect(items.map((t) => [t.nickname, t.role])).toEqual([
      ["小王", "customer"],
      ["木棉小铺:小美", "agent"],
    ]);
  });
});

describe("turnHash and dedupe", () => {
  const csv = buf(
    "会话ID,时间,角色,内容\ns1,2024-05-01 10:00,买家,在吗\ns1,2024-05-01 10:00,买家,在吗\ns1,2024-05-01 10:01,买家,在吗\ns2,2024-05-01 10:00,买家,在吗\n",
  );
  it("counts exact repeats only and gives the same hashes on re-import", async () => {
    const a = await processLogFileAll(csv, "a.csv");
    const b = await processLogFileAll(csv, "renamed.csv");
    expect(a.report.duplicates).toBe(1);
    expect(a.duplicates.map((d) => d.row)).toEqual([3]);
    expect(a.turns.map((t) => t.hash)).toEqual(b.turns.map((t) => t.hash));
    expect(new Set(a.turns.map((t) => t.hash)).size).toBe(3);
  });
  it("is a pure function of session, role, time, text and part", () => {
    const t = { sessionId: "s", role: "customer", time: "2024-05-01 10:00:00", text: "在吗" };
    expect(turnHash(t)).toBe(turnHash({ ...t }));
    expect(turnHash(t)).toMatch(/^[0-9a-f]{32}$/);
    expect(turnHash(t)).not.toBe(turnHash({ ...t, role: "agent" }));
    expect(turnHash(t)).not.toBe(turnHash(t, 1));
    expect(turnHash({ ...t, text: "在吗\r\n" })).toBe(turnHash(t));
  });
  it("gives split parts their own hashes", async () => {
    const r = await processLogFileAll(buf('会话ID,角色,内容\ns1,买家,"在吗\n有XL吗\n什么时候发货"\n'), "a.csv");
    expect(r.turns.map((t) => [t.part, t.parts, t.noise, t.text])).toEqual([
      [0, 3, "greeting", "在吗"],
      [1, 3, false, "有xl吗"],
      [2, 3, false, "什么时候发货"],
    ]);
    expect(new Set(r.turns.map((t) => t.hash)).size).toBe(3);
    expect(r.report).toMatchObject({ read: 1, imported: 1, split: 2, turns: { imported: 2, noise: 1 } });
  });
});

describe("rejected rows in reports", () => {
  it("carry no personal data", async () => {
    const r = await processLogFileAll(buf("会话ID,时间,角色,内容\ns1,13812345678,买家,我的电话13812345678\n"), "a.csv");
    expect(r.report.rejected).toBe(1);
    expect(JSON.stringify(r.rejected)).not.toContain("13812345678");
    expect(JSON.stringify(r.report.errors)).not.toContain("13812345678");
    expect(r.report.errors[0].message).toContain("unparseable time");
  });
});
