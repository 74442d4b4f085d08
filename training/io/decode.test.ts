import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";

import { parseLogFileAll } from "../logs/parse";
import { decodeFile, decodeText } from "./decode";
import { parseCsv, parseXlsx } from "./table";

const lines = ["分类,标准问题,答案", "物流问题,什么时候发货,48小时内", "物流问题,发什么快递,中通", "售后问题,怎么退货,七天无理由"];

describe("deciding the encoding (issue 14 item 4)", () => {
  it("keeps a UTF-8 file UTF-8 when one line holds a stray byte, and rejects only that row", () => {
    const good = Buffer.from(lines.join("\n") + "\n", "utf8");
    const bad = Buffer.concat([
      Buffer.from(lines.slice(0, 2).join("\n") + "\n物流问题,发什么快递", "utf8"),
      Buffer.from([0xff]),
      Buffer.from(",中通\n" + lines[3] + "\n", "utf8"),
    ]);
    expect(decodeText(good)).toMatchObject({ encoding: "utf-8", badLines: [] });
    const d = decodeText(bad);
    expect(d.encoding).toBe("utf-8");
    expect(d.badLines).toEqual([3]);
    const table = parseCsv(bad, "stray.csv");
    expect(table.rows.map((r) => r.row)).toEqual([2, 4]);
    expect(table.rows.map((r) => r.cells[0])).toEqual(["物流问题", "售后问题"]); // not 鐗╂祦闂
    expect(table.rejected).toEqual([{ row: 3, code: "CELL_ENCODING", params: {} }]);
  });

  it("reads a GBK file as GB18030 and rejects a UTF-8 line inside it", () => {
    const gbk = iconv.encode(lines.join("\r\n") + "\r\n", "gbk");
    expect(parseCsv(gbk, "gbk.csv").rows.map((r) => r.cells[1])).toEqual(["什么时候发货", "发什么快递", "怎么退货"]);
    const mixed = Buffer.concat([iconv.encode(lines.slice(0, 3).join("\r\n") + "\r\n", "gbk"), Buffer.from(lines[3] + "\r\n", "utf8")]);
    const table = parseCsv(mixed, "mixed.csv");
    expect(table.encoding).toBe("gb18030");
    expect(table.rows.map((r) => r.cells[1])).toEqual(["什么时候发货", "发什么快递"]);
    expect(table.rejected.map((r) => r.row)).toEqual([4]);
  });

  it("reads UTF-16 with and without a byte-order mark", () => {
    const text = lines.join("\r\n");
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf-16le")]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf-16be")]);
    const bare = iconv.encode(text, "utf-16le");
    for (const [buf, enc] of [
      [le, "utf-16le"],
      [be, "utf-16be"],
      [bare, "utf-16le"],
    ] as const) {
      const t = parseCsv(buf, "u16.csv");
      expect(t.encoding).toBe(enc);
      expect(t.headers).toEqual(["分类", "标准问题", "答案"]);
      expect(t.rows).toHaveLength(3);
    }
  });

  it("names a PNG renamed .csv and binary junk as what they are", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => decodeFile(png, "价格表.csv")).toThrow(expect.objectContaining({ code: "FILE_NOT_TEXT", params: { detail: "PNG", file: "价格表.csv" } }));
    const junk = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    expect(() => parseCsv(junk, "junk.csv")).toThrow(expect.objectContaining({ code: "FILE_NOT_TEXT" }));
  });

  it("rejects a chat-log line in another encoding by its number and keeps the rest", async () => {
    const head = "会话ID,角色,内容,时间\n";
    const data = Buffer.concat([
      Buffer.from(head + "s1,顾客,什么时候发货,2026-11-01 10:00:00\ns1,客服,亲，48小时内,2026-11-01 10:00:05\n", "utf8"),
      iconv.encode("s1,顾客,发什么快递呢亲,2026-11-01 10:01:00\n", "gbk"),
      Buffer.from("s1,客服,中通哦,2026-11-01 10:01:05\n", "utf8"),
    ]);
    const items = await parseLogFileAll(data, "chats.csv");
    expect(items.filter((i) => i.kind === "turn").map((i) => (i.kind === "turn" ? i.text : ""))).toEqual(["什么时候发货", "亲，48小时内", "中通哦"]);
    expect(items.filter((i) => i.kind === "rejected")).toMatchObject([{ row: 4, message: "this row is in another encoding than the rest of the file" }]);
  });
});

describe("which worksheet is read (issue 14 item 5)", () => {
  it("reads the first sheet that has the expected header, and says which", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["这是导出说明，数据在下一页"]);
    const data = wb.addWorksheet("问题列表");
    for (const l of lines) data.addRow(l.split(","));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const t = await parseXlsx(buf, "kb.xlsx", (h) => h.includes("标准问题"));
    expect(t.sheet).toBe("问题列表");
    expect(t.rows).toHaveLength(3);
    // Without a test of the header: the first sheet with any data.
    expect((await parseXlsx(buf, "kb.xlsx")).sheet).toBe("说明");
  });
});

describe("limits of chat-log turns (issue 14 item 6)", () => {
  it("rejects messages of 100k characters and overlong session ids, reporting them", async () => {
    const data = Buffer.from(
      ["会话ID,角色,内容", "s1,顾客,在吗", `s1,顾客,${"啊".repeat(100_000)}`, `${"s".repeat(300)},顾客,你好`, "s1,客服,在的亲"].join("\n"),
      "utf8",
    );
    const items = await parseLogFileAll(data, "long.csv");
    expect(items.filter((i) => i.kind === "turn")).toHaveLength(2);
    expect(items.filter((i) => i.kind === "rejected")).toMatchObject([
      { row: 3, message: "message longer than 5000 characters (100000)" },
      { row: 4, message: "session id longer than 200 characters (300)" },
    ]);
  });
});
