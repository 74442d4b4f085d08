import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { decodeText } from "../io/decode";
import { detectFormat, parseLogFileAll } from "./parse";
import { processLogFileAll } from "./process";

const DIR = path.resolve(__dirname, "../../tests/fixtures/logs");
const read = (name: string) => readFileSync(path.join(DIR, name));
const expected = JSON.parse(read("expected.json").toString("utf8")) as Record<
  string,
  {
    read: number;
    imported: number;
    duplicates: number;
    noise: number;
    rejected: number;
    masked: Record<string, number>;
    turns: { imported: number; noise: number };
    split: number;
    sessions?: number;
    rejectedRows?: { row: number; reason: string }[];
  }
>;
const planted = JSON.parse(read("pii-planted.json").toString("utf8")) as { kind: string; value: string; fragments: string[] }[];

describe("log fixtures: exact counts", () => {
  it.each(Object.keys(expected))("%s", async (name) => {
    const e = expected[name];
    const { report, turns, rejected } = await processLogFileAll(read(name), name);
    expect({
      read: report.read,
      imported: report.imported,
      duplicates: report.duplicates,
      noise: report.noise,
      rejected: report.rejected,
      masked: report.masked,
      turns: report.turns,
      split: report.split,
    }).toEqual({
      read: e.read,
      imported: e.imported,
      duplicates: e.duplicates,
      noise: e.noise,
      rejected: e.rejected,
      masked: e.masked,
      turns: e.turns,
      split: e.split,
    });
    expect(report.read).toBe(report.imported + report.duplicates + report.noise + report.rejected);
    expect(turns.length).toBe(e.turns.imported + e.turns.noise);
    if (e.sessions !== undefined) expect(new Set(turns.map((t) => t.sessionId)).size).toBe(e.sessions);
    if (e.rejectedRows) {
      expect(rejected.map((r) => r.row)).toEqual(e.rejectedRows.map((r) => r.row));
      e.rejectedRows.forEach((r, i) => expect(rejected[i].message).toContain(r.reason));
      expect(report.errors).toEqual(rejected.map((r) => ({ row: r.row, message: r.message })));
    }
  });
});

describe("log fixtures: formats and encodings", () => {
  it("detects every fixture's format", () => {
    expect(detectFormat("chats.csv", read("chats.csv"))).toBe("csv");
    expect(detectFormat("chats-gbk.csv", read("chats-gbk.csv"))).toBe("csv");
    expect(detectFormat("chats.xlsx", read("chats.xlsx"))).toBe("xlsx");
    expect(detectFormat("upload.bin", read("chats.xlsx"))).toBe("xlsx");
    expect(detectFormat("chats.jsonl", read("chats.jsonl"))).toBe("jsonl");
    expect(detectFormat("export.txt", read("chats.jsonl"))).toBe("jsonl");
    expect(detectFormat("qianniu-utf8.txt", read("qianniu-utf8.txt"))).toBe("qianniu");
    expect(detectFormat("export.txt", read("chats.csv"))).toBe("csv");
  });

  it("decodes GBK and BOM files to the same Chinese text", async () => {
    expect(decodeText(read("chats-gbk.csv")).encoding).toBe("gb18030");
    expect(decodeText(read("chats.csv")).encoding).toBe("utf-8-bom");
    const gbk = await parseLogFileAll(read("chats-gbk.csv"), "chats-gbk.csv");
    const texts = gbk.flatMap((t) => (t.kind === "turn" ? [t.text] : []));
    expect(texts).toContain("这款加绒卫衣我身高165体重120斤穿什么码？");
    const first = gbk[0];
    expect(first.kind === "turn" && first.sessionId).toBe("G001");
    expect(first.kind === "turn" && first.time).toMatch(/^2024-05-02 08:3\d:\d\d$/);
  });

  it("reads XLSX date cells as shop wall-clock time", async () => {
    const items = await parseLogFileAll(read("chats.xlsx"), "chats.xlsx");
    const first = items[0];
    expect(first.kind).toBe("turn");
    if (first.kind !== "turn") return;
    expect(first.row).toBe(2);
    expect(first.time).toMatch(/^2024-05-03 10:0\d:\d\d$/);
    expect(first.role).toBe("customer");
  });

  it("reads Qianniu nicknames as roles and splits sessions by customer and 30-minute gaps", async () => {
    const items = await parseLogFileAll(read("qianniu-utf8.txt"), "qianniu-utf8.txt");
    const turns = items.filter((t) => t.kind === "turn");
    expect(items.length).toBe(turns.length);
    const roles = new Map(turns.map((t) => [t.nickname, t.role]));
    expect(roles.get("木棉小铺:小美")).toBe("agent");
    expect(roles.get("木棉小铺:店小蜜")).toBe("bot");
    expect(roles.get("小鹿乱撞2019")).toBe("customer");
    expect(roles.get("系统消息")).toBe("system");
    const lily = new Set(turns.filter((t) => t.sessionId.startsWith("lily_chen@")).map((t) => t.sessionId));
    expect(lily.size).toBe(2);
    const deer = new Set(turns.filter((t) => t.sessionId.startsWith("小鹿乱撞2019@")).map((t) => t.sessionId));
    expect(deer.size).toBe(2);
    // Agent replies belong to the customer they answer.
    const firstAgent = turns.find((t) => t.role === "agent")!;
    expect(firstAgent.sessionId.startsWith("小鹿乱撞2019@")).toBe(true);
  });
});

describe("pii.csv: no planted value survives", () => {
  it("masks every planted value everywhere in the cleaned output", async () => {
    const { turns } = await processLogFileAll(read("pii.csv"), "pii.csv");
    expect(turns.length).toBeGreaterThan(15);
    const all = turns.map((t) => t.text.toLowerCase()).join("\n");
    const allDigits = turns.map((t) => t.text.replace(/\D/g, "")).join("\n");
    const leaks: string[] = [];
    for (const p of planted) {
      for (const f of [p.value, ...p.fragments]) {
        if (all.includes(f.toLowerCase())) leaks.push(`${p.kind}: ${f}`);
        const d = f.replace(/\D/g, "");
        if (d.length >= 7 && allDigits.includes(d)) leaks.push(`${p.kind} (digits): ${f}`);
      }
    }
    expect(leaks).toEqual([]);
    // Every kind of placeholder shows up.
    for (const ph of ["[手机号]", "[电话]", "[身份证号]", "[邮箱]", "[订单号]", "[快递单号]", "[地址]", "[姓名]", "[银行卡号]"]) expect(all).toContain(ph);
  });
});

describe("fixtures are reproducible", () => {
  it("make-fixtures.ts writes exactly the committed text fixtures and expectations", async () => {
    const { buildFixtures } = await import("../../tests/fixtures/logs/make-fixtures");
    const { files, expected: exp, planted: pl } = await buildFixtures();
    for (const [name, data] of Object.entries(files)) {
      if (name.endsWith(".xlsx")) continue; // zip entries carry timestamps
      expect(data.equals(read(name)), name).toBe(true);
    }
    expect(exp).toEqual(expected);
    expect(pl).toEqual(planted);
  });
});
