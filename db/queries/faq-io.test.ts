import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeEach, describe, expect, it } from "vitest";

import { formatError } from "../../training/errors";
import { writeXlsx } from "../../training/io/table";
import { createTestDb, type Db } from "../client";
import { listAudit } from "./audit";
import { exportFaqFile, importFaqFile, planFaqImport } from "./faq-io";
import { getFaq, listFaqs } from "./faqs";
import { createWorkspace } from "./workspaces";

const HEAD = "分类,标准问题,相似问法,答案,关键词,关联问题";
const csv = (...lines: string[]) => Buffer.from([HEAD, ...lines].join("\r\n"), "utf8");
const row = (cells: string[]) => cells.map((c) => (/[",\n|]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");

let db: Db;
let ws: number;

beforeEach(async () => {
  db = await createTestDb();
  ws = (await createWorkspace(db, { slug: "shop", name: "店" })).id;
});

async function imp(file: string, data: Uint8Array, extra: { dryRun?: boolean; createCategories?: boolean; workspaceId?: number; merge?: number[] } = {}) {
  return importFaqFile(db, { workspaceId: extra.workspaceId ?? ws, userId: null, fileName: file, data, ...extra });
}

const good = csv(
  row(["物流问题", "什么时候发货", "啥时候发货\n几天能发|多久发货", "亲，48小时内发货哦～\n预售以页面为准", "发货|时间", "发什么快递"]),
  row(["物流问题", "发什么快递", "用的啥快递\n哪家快递", "中通或韵达", "快递", ""]),
  row(["售后问题", "怎么退货", "我要退货\n退货流程", "七天无理由退货", "退货", "什么时候发货\n发什么快递"]),
);

describe("faq import", () => {
  it("imports a UTF-8 CSV and reports counts", async () => {
    const plan = await imp("faqs.csv", good);
    expect(plan.report).toEqual({ read: 3, created: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const list = await listFaqs(db, { workspaceId: ws });
    expect(list.total).toBe(3);
    const ship = list.rows.find((r) => r.question === "什么时候发货")!;
    const faq = (await getFaq(db, { workspaceId: ws, id: ship.id }))!;
    expect(faq.variants).toEqual(["啥时候发货", "几天能发", "多久发货"]);
    expect(faq.answer).toBe("亲，48小时内发货哦～\n预售以页面为准");
    expect(faq.keywords).toEqual(["发货", "时间"]);
    expect(faq.related.map((r) => r.question)).toEqual(["发什么快递"]);
  });

  it("is idempotent: importing the same file twice changes nothing", async () => {
    await imp("faqs.csv", good);
    const auditBefore = (await listAudit(db, { workspaceId: ws })).total;
    const second = await imp("faqs.csv", good);
    expect(second.report).toMatchObject({ read: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect((await listAudit(db, { workspaceId: ws })).total).toBe(auditBefore);
  });

  it("reads GBK and GB18030 CSV files", async () => {
    const text = [HEAD, row(["物流问题", "什么时候发货", "啥时候发货|几天能发", "48小时内发货", "", ""])].join("\r\n");
    for (const enc of ["gbk", "gb18030"]) {
      const db2 = await createTestDb();
      const w = (await createWorkspace(db2, { slug: "gbk-shop", name: "g" })).id;
      const plan = await importFaqFile(db2, { workspaceId: w, userId: null, fileName: `faqs-${enc}.csv`, data: iconv.encode(text, enc) });
      expect(plan.encoding).toBe("gb18030");
      expect(plan.report.created).toBe(1);
      const list = await listFaqs(db2, { workspaceId: w });
      expect(list.rows[0].question).toBe("什么时候发货");
    }
  });

  it("reads a UTF-8 CSV with BOM", async () => {
    const plan = await imp("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good]));
    expect(plan.encoding).toBe("utf-8-bom");
    expect(plan.report.created).toBe(3);
  });

  it("refuses a file with a missing column, naming the file, row 1 and the column", async () => {
    const plan = await imp("no-answer.csv", Buffer.from("分类,标准问题,相似问法\n物流问题,什么时候发货,几天发", "utf8"));
    expect(plan.fatal).toBe(true);
    expect(plan.report.errors).toEqual([
      {
        row: 1,
        column: "答案",
        code: "FILE_MISSING_COLUMN",
        params: { file: "no-answer.csv", column: "答案" },
        message: 'no-answer.csv: row 1, column 答案: missing column "答案"',
      },
    ]);
    expect(plan.report.rejected).toBe(1);
    expect((await listFaqs(db, { workspaceId: ws })).total).toBe(0);
  });

  const long = "很".repeat(201);
  it.each([
    ["an empty standard question", row(["物流问题", "", "几天发", "48小时", "", ""]), "标准问题", "the standard question is empty"],
    ["an overlong variant", row(["物流问题", "什么时候发货", `几天发\n${long}`, "48小时", "", ""]), "相似问法", "is longer than 200 characters"],
    ["an unknown category", row(["火星问题", "什么时候发货", "几天发", "48小时", "", ""]), "分类", 'unknown category "火星问题"'],
    ["an empty answer", row(["物流问题", "什么时候发货", "几天发", "", "", ""]), "答案", "the answer is empty"],
    [
      "a related question that does not exist",
      row(["物流问题", "什么时候发货", "几天发", "48小时", "", "不存在的问题"]),
      "关联问题",
      'no FAQ with the standard question "不存在的问题"',
    ],
  ])("rejects %s with row and column", async (_name, line, column, reason) => {
    const plan = await imp("bad.csv", csv(row(["售后问题", "怎么退货", "我要退货", "七天无理由", "", ""]), line));
    expect(plan.report.rejected).toBe(1);
    expect(plan.report.created).toBe(1);
    expect(plan.report.errors).toHaveLength(1);
    expect(plan.report.errors[0]).toMatchObject({ row: 3, column });
    expect(plan.report.errors[0].message).toContain(`bad.csv: row 3, column ${column}: `);
    expect(plan.report.errors[0].message).toContain(reason);
    // The good row is written, the bad one is not.
    const list = await listFaqs(db, { workspaceId: ws });
    expect(list.rows.map((r) => r.question)).toEqual(["怎么退货"]);
  });

  it("rejects a variant that belongs to another FAQ, naming that FAQ", async () => {
    await imp("faqs.csv", good);
    const plan = await imp("dup.csv", csv(row(["物流问题", "发货要多久", "几天能发?", "两天", "", ""])));
    expect(plan.report.rejected).toBe(1);
    const e = plan.report.errors[0];
    expect(e).toMatchObject({ row: 2, column: "相似问法" });
    expect(e.message).toMatch(/"几天能发\?" already belongs to FAQ #\d+ "什么时候发货"/);
    // The preview shows it in the user's language, without repeating row and column (issue 15 item 4).
    expect(e.code).toBe("FAQ_VARIANT_CONFLICT");
    expect(formatError(e.code, e.params, "zh-CN")).toMatch(/^“几天能发\?”已是问题 #\d+「什么时候发货」的问法$/);
  });

  it("the merchant wins over a pack: a pack question's phrasing moves to the imported FAQ, with a notice (issue 10)", async () => {
    const shop = (await createWorkspace(db, { slug: "new-shop", defaultPacks: true })).id;
    const packFaq = (await listFaqs(db, { workspaceId: shop, pageSize: 500 })).rows.find((r) => r.question === "包邮吗")!;
    expect((await getFaq(db, { workspaceId: shop, id: packFaq.id }))!.variants).toContain("免邮吗");
    // A file from another tool: its own FAQ about the shipping fee, with a phrasing the generic pack holds.
    const file = csv(row(["物流问题", "运费怎么算", "免邮吗\n运费多少钱", "满99包邮，不满收10元", "", ""]));
    const plan = await imp("other-tool.csv", file, { workspaceId: shop });
    expect(plan.report).toMatchObject({ created: 1, rejected: 0, errors: [] });
    // Three phrasings of the file were the generic pack's: the standard question and two variants;
    // so the row means what 包邮吗 means, and the preview offers the merge (not chosen here).
    expect(plan.notices.map((n) => [n.row, n.column, n.code, n.params.text])).toEqual([
      [2, "标准问题", "IMPORT_PHRASING_FROM_PACK", "运费怎么算"],
      [2, "相似问法", "IMPORT_PHRASING_FROM_PACK", "免邮吗"],
      [2, "相似问法", "IMPORT_PHRASING_FROM_PACK", "运费多少钱"],
      [2, "标准问题", "IMPORT_NEAR_PACK_QUESTION", "运费怎么算"],
    ]);
    // Two of its three phrasings are 运费多少's (the generic pack's twin of 包邮吗): that is the one offered.
    expect(plan.rows[0].nearPack).toMatchObject({ question: "运费多少" });
    const notice = plan.notices[1];
    expect(notice.params).toMatchObject({ faqId: packFaq.id, question: "包邮吗" });
    expect(formatError(notice.code, notice.params, "zh-CN")).toBe(`“免邮吗”原是行业包问题 #${packFaq.id}「包邮吗」的问法，导入后归这一行的问题`);
    const mine = (await listFaqs(db, { workspaceId: shop, pageSize: 500 })).rows.find((r) => r.question === "运费怎么算")!;
    expect((await getFaq(db, { workspaceId: shop, id: mine.id }))!.variants).toEqual(["免邮吗", "运费多少钱"]);
    const after = (await getFaq(db, { workspaceId: shop, id: packFaq.id }))!;
    expect(after.variants).not.toContain("免邮吗");
    expect(after.variants).toContain("包不包邮");
    // Nothing is lost: importing the same file again changes nothing and moves nothing.
    const again = await imp("other-tool.csv", file, { workspaceId: shop });
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(again.notices).toEqual([]);
    // A pack question's standard question stays the pack's: that is a conflict, as before.
    const std = await imp("std.csv", csv(row(["物流问题", "邮费问题", "包邮吗", "满99包邮", "", ""])), { workspaceId: shop });
    expect(std.report.rejected).toBe(1);
    expect(std.report.errors[0].code).toBe("FAQ_VARIANT_CONFLICT");
  });

  it("merges a row close to a pack question into it when asked: its answer and phrasings, once (issue 10)", async () => {
    const shop = (await createWorkspace(db, { slug: "merge-shop", defaultPacks: true })).id;
    const faqsOf = async () => (await listFaqs(db, { workspaceId: shop, pageSize: 500 })).rows;
    const packFaq = (await faqsOf()).find((r) => r.question === "运费多少")!;
    const before = (await getFaq(db, { workspaceId: shop, id: packFaq.id }))!;
    const count = (await faqsOf()).length;
    const file = csv(
      row(["物流问题", "运费怎么算", "快递费多少\n运费多少钱\n拍两件要运费不", "满99包邮，不满收10元", "运费", ""]),
      row(["物流问题", "偏远地区加多少钱", "", "新疆西藏加15元", "", "运费怎么算"]),
    );
    const preview = await imp("merge.csv", file, { workspaceId: shop, dryRun: true });
    expect(preview.rows.map((r) => [r.row, r.status, r.nearPack?.question ?? null])).toEqual([
      [2, "create", "运费多少"],
      [3, "create", null],
    ]);

    const plan = await imp("merge.csv", file, { workspaceId: shop, merge: [2] });
    expect(plan.report).toMatchObject({ created: 1, updated: 1, rejected: 0 });
    expect(plan.rows[0].mergedInto).toMatchObject({ faqId: packFaq.id, question: "运费多少" });
    // No notice of moves into its own FAQ, and no near notice for a merged row.
    expect(plan.notices).toEqual([]);
    expect((await faqsOf()).length).toBe(count + 1);
    expect((await faqsOf()).some((r) => r.question === "运费怎么算")).toBe(false);
    const after = (await getFaq(db, { workspaceId: shop, id: packFaq.id }))!;
    expect(after.question).toBe("运费多少");
    expect(after.answer).toBe("满99包邮，不满收10元");
    expect(after.variants).toEqual(expect.arrayContaining([...before.variants, "运费怎么算", "拍两件要运费不"]));
    expect(after.keywords).toContain("运费");
    // The other row's related question, named by the merged row's question, is the pack question.
    const remote = (await faqsOf()).find((r) => r.question === "偏远地区加多少钱")!;
    expect((await getFaq(db, { workspaceId: shop, id: remote.id }))!.related.map((r) => r.id)).toEqual([packFaq.id]);

    // The same file again, no choice made: the row's question is now the shop's phrasing of 运费多少.
    const again = await imp("merge.csv", file, { workspaceId: shop });
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect((await faqsOf()).length).toBe(count + 1);
  });

  it("rejects a variant repeated in two rows of the same file", async () => {
    const plan = await imp(
      "dup-rows.csv",
      csv(row(["物流问题", "什么时候发货", "几天发", "a", "", ""]), row(["物流问题", "发货要多久", "几天发？", "b", "", ""])),
    );
    expect(plan.report.errors).toMatchObject([
      {
        row: 3,
        column: "相似问法",
        code: "IMPORT_PHRASING_IN_ROW",
        params: { text: "几天发？", other: 2 },
        message: 'dup-rows.csv: row 3, column 相似问法: "几天发？" already appears in row 2',
      },
    ]);
  });

  it("leaves the fields of columns the file does not have alone (issue 14 item 1)", async () => {
    await imp("faqs.csv", good);
    const id = (await listFaqs(db, { workspaceId: ws })).rows.find((r) => r.question === "什么时候发货")!.id;
    const before = (await getFaq(db, { workspaceId: ws, id }))!;
    const partial = Buffer.from("分类,标准问题,答案\r\n物流问题,什么时候发货,亲，24小时内发货", "utf8");
    const plan = await imp("answers-only.csv", partial);
    expect(plan.report).toMatchObject({ updated: 1, rejected: 0 });
    expect(plan.rows[0].clears).toBeUndefined();
    const after = (await getFaq(db, { workspaceId: ws, id }))!;
    expect(after.answer).toBe("亲，24小时内发货");
    expect(after.variants).toEqual(before.variants);
    expect(after.keywords).toEqual(before.keywords);
    expect(after.related).toEqual(before.related);
    expect(after.enabled).toBe(true);
    // The same file again changes nothing.
    expect((await imp("answers-only.csv", partial)).report).toMatchObject({ updated: 0, unchanged: 1 });
  });

  it("says in the preview what empty cells of present columns clear, before writing", async () => {
    await imp("faqs.csv", good);
    const plan = await imp("clear.csv", csv(row(["物流问题", "什么时候发货", "啥时候发货", "48小时", "", ""])), { dryRun: true });
    expect(plan.rows[0]).toMatchObject({
      status: "update",
      clears: [
        { field: "variants", count: 2 },
        { field: "keywords", count: 2 },
        { field: "related", count: 1 },
      ],
    });
  });

  it("refuses a header that names a column twice, and more keywords than the limit", async () => {
    const twice = await imp("twice.csv", Buffer.from("分类,标准问题,问题,答案\r\n物流问题,a,b,c", "utf8"));
    expect(twice.fatal).toBe(true);
    expect(twice.report.errors).toMatchObject([{ row: 1, column: "标准问题", code: "FILE_DUPLICATE_COLUMN" }]);
    const many = Array.from({ length: 50 }, (_, i) => `词${i}`).join("|");
    const plan = await imp("kw.csv", csv(row(["物流问题", "什么时候发货", "", "两天", many, ""])));
    expect(plan.report.errors).toMatchObject([{ row: 2, column: "关键词", code: "FAQ_KEYWORDS_TOO_MANY", params: { max: 20, count: 50 } }]);
    expect((await listFaqs(db, { workspaceId: ws })).total).toBe(0);
  });

  it("rejects a row in another encoding by number and imports the rest ungarbled; reads XLSX from the sheet with the header", async () => {
    const bad = Buffer.concat([
      Buffer.from(`${HEAD}\r\n${row(["物流问题", "什么时候发货", "", "两天", "", ""])}\r\n物流问题,发什么快递,,中通`, "utf8"),
      Buffer.from([0xff]),
      Buffer.from(`,,\r\n${row(["售后问题", "怎么退货", "", "七天", "", ""])}\r\n`, "utf8"),
    ]);
    const plan = await imp("stray.csv", bad);
    expect(plan.encoding).toBe("utf-8");
    expect(plan.report).toMatchObject({ read: 3, created: 2, rejected: 1 });
    expect(plan.report.errors).toMatchObject([{ row: 3, column: null, code: "CELL_ENCODING" }]);
    expect((await listFaqs(db, { workspaceId: ws })).rows.map((r) => r.categoryName).sort()).toEqual(["售后问题", "物流问题"]);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("说明").addRow(["数据在第二页"]);
    const sheet = wb.addWorksheet("FAQ");
    sheet.addRow(["分类", "标准问题", "答案"]);
    sheet.addRow(["物流问题", "几点截单", "下午四点"]);
    const x = await imp("two-sheets.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    expect(x.sheet).toBe("FAQ");
    expect(x.report).toMatchObject({ read: 1, created: 1 });
  });

  it("writes nothing on a dry run", async () => {
    const plan = await imp("faqs.csv", good, { dryRun: true });
    expect(plan.report.created).toBe(3);
    expect((await listFaqs(db, { workspaceId: ws })).total).toBe(0);
  });

  it("drops blank and duplicate variants within a cell", async () => {
    await imp("x.csv", csv(row(["物流问题", "什么时候发货", "几天发\n\n几天发？\nＸＬ码几天发\n什么时候发货", "a", "", ""])));
    const id = (await listFaqs(db, { workspaceId: ws })).rows[0].id;
    expect((await getFaq(db, { workspaceId: ws, id }))!.variants).toEqual(["几天发", "ＸＬ码几天发"]);
  });

  it("creates unknown categories only when asked", async () => {
    const f = csv(row(["定制服务", "能刻字吗", "可以刻字不", "可以", "", ""]));
    expect((await imp("c.csv", f, { dryRun: true })).report.rejected).toBe(1);
    const plan = await imp("c.csv", f, { createCategories: true });
    expect(plan.report.created).toBe(1);
    expect(plan.newCategories).toEqual(["定制服务"]);
  });

  it("rejects an unsupported file type and an unreadable XLSX", async () => {
    expect((await planFaqImport(db, { workspaceId: ws, fileName: "faqs.pdf", data: good })).report.errors[0].message).toContain("unsupported file type");
    const bad = await planFaqImport(db, { workspaceId: ws, fileName: "faqs.xlsx", data: Buffer.from("not a zip") });
    expect(bad.fatal).toBe(true);
    expect(bad.report.errors[0].message).toMatch(/^faqs\.xlsx: malformed \(not a readable XLSX file/);
  });
});

describe("round trips", () => {
  async function snapshotKb(workspaceId: number, d: Db = db) {
    const list = await listFaqs(d, { workspaceId, pageSize: 100, sort: "question" });
    return Promise.all(
      list.rows.map(async (r) => {
        const f = (await getFaq(d, { workspaceId, id: r.id }))!;
        return { q: f.question, a: f.answer, c: f.categoryName, v: f.variants, k: f.keywords, r: f.related.map((x) => x.question), e: f.enabled };
      }),
    );
  }

  it.each(["kb.csv", "kb.xlsx"])("export to %s and import into an empty workspace reproduces the knowledge base", async (file) => {
    await imp("faqs.csv", good);
    const data = await exportFaqFile(db, { workspaceId: ws, fileName: file });
    const empty = (await createWorkspace(db, { slug: "empty", name: "空" })).id;
    const plan = await imp(file, data, { workspaceId: empty });
    expect(plan.report).toMatchObject({ read: 3, created: 3, rejected: 0 });
    expect(await snapshotKb(empty)).toEqual(await snapshotKb(ws));
    // And a second export is byte-identical for CSV.
    if (file.endsWith(".csv")) expect(Buffer.compare(await exportFaqFile(db, { workspaceId: empty, fileName: file }), data)).toBe(0);
  });

  it("reads XLSX cells with line breaks and | separators", async () => {
    const data = await writeXlsx(["分类", "标准问题", "相似问法", "答案"], [["物流问题", "什么时候发货", "几天发|多久发\n啥时候发", "两天"]]);
    const plan = await imp("faqs.xlsx", data);
    expect(plan.report.created).toBe(1);
    const id = (await listFaqs(db, { workspaceId: ws })).rows[0].id;
    expect((await getFaq(db, { workspaceId: ws, id }))!.variants).toEqual(["几天发", "多久发", "啥时候发"]);
  });
});
