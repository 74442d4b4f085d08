/**
 * Suite import/export (issue 11): CSV, XLSX and YAML round trip (export, re-import: nothing
 * changes), bad rows are reported with file, row and column (a YAML file's by line, case, turn and
 * field), and a file with any bad row writes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { createShopWithOwner } from "../../../tests/support/fixtures";
import { formatError } from "../../../training/errors";
import { createTestDb, type Db } from "../../client";
import { createSuite, listCases, saveCase } from "./index";
import { applySuiteImport, exportSuiteFile, planSuiteImport } from "./io";

let db: Db;
let suiteId = 0;
let other = 0;
let workspaceId = 0;

beforeAll(async () => {
  db = await createTestDb();
  const shop = await createShopWithOwner(db, { slug: "io", name: "导入店", email: "io@example.cn" });
  workspaceId = shop.workspaceId;
  suiteId = await createSuite(db, { workspaceId, name: "售后回归" });
  other = await createSuite(db, { workspaceId: shop.workspaceId, name: "空" });
  await saveCase(db, {
    suiteId,
    input: {
      name: "发货追问",
      tags: ["回归", "物流"],
      turns: [
        { text: "什么时候发货", expect: { decision: "answer", faq: "什么时候发货" } },
        { text: "那运费呢", expect: { decision: "answer", faq: "包邮吗", contains: "包邮" } },
      ],
    },
  });
  await saveCase(db, {
    suiteId,
    input: { name: "要人工", tags: [], turns: [{ text: "转人工", expect: { decision: "transfer", reason: "human_requested" } }] },
  });
});

const strip = (cases: Awaited<ReturnType<typeof listCases>>) =>
  cases.map((c) => ({ name: c.name, tags: c.tags, turns: c.turns.map((t) => ({ text: t.text, expect: t.expect })) }));

describe("suite import and export", () => {
  it.each(["csv", "xlsx", "yaml"])("round trips as %s", async (ext) => {
    const file = await exportSuiteFile(db, { suiteId, fileName: `s.${ext}` });
    const plan = await planSuiteImport(db, { suiteId: other, fileName: `s.${ext}`, data: file });
    expect(plan.issues).toEqual([]);
    await applySuiteImport(db, { suiteId: other, plan });
    expect(strip(await listCases(db, other))).toEqual(strip(await listCases(db, suiteId)));
    // Importing the same file again replaces each case by name: nothing changes.
    const again = await planSuiteImport(db, { suiteId: other, fileName: `s.${ext}`, data: file });
    expect(again.report).toMatchObject({ cases: 2, created: 0, replaced: 2 });
    await applySuiteImport(db, { suiteId: other, plan: again });
    expect(strip(await listCases(db, other))).toEqual(strip(await listCases(db, suiteId)));
  });

  it("reports every bad row by file, row and column, and writes nothing", async () => {
    const csv = [
      "用例,轮次,客户说,期望决策,期望问题,期望转人工原因,期望包含,标签",
      "新用例,1,你好,直接回答,你好,,,",
      "新用例,1,再说一次,,,,,",
      "坏决策,1,在吗,大概回答,,,,",
      "坏原因,1,转人工,转人工,,心情不好,,",
      ",1,没有用例名,,,,,",
      "坏轮次,第一,退货,,,,,",
    ].join("\r\n");
    const plan = await planSuiteImport(db, { suiteId: other, fileName: "bad.csv", data: Buffer.from(csv, "utf8") });
    expect(plan.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [3, "轮次", "SUITE_TURN_DUPLICATE"],
      [4, "期望决策", "SUITE_DECISION_UNKNOWN"],
      [5, "期望转人工原因", "SUITE_REASON_UNKNOWN"],
      [6, "用例", "SUITE_NAME_EMPTY"],
      [7, "轮次", "SUITE_TURN_NUMBER_INVALID"],
    ]);
    expect(plan.issues[0].message).toContain("bad.csv");
    const before = strip(await listCases(db, other));
    await expect(applySuiteImport(db, { suiteId: other, plan })).rejects.toThrow();
    expect(strip(await listCases(db, other))).toEqual(before);
  });

  it("refuses a file without the 客户说 column and an unknown file type", async () => {
    const plan = await planSuiteImport(db, { suiteId: other, fileName: "x.csv", data: Buffer.from("用例,轮次\r\na,1\r\n", "utf8") });
    expect(plan.issues[0]).toMatchObject({ code: "FILE_MISSING_COLUMN", column: "客户说" });
    expect((await planSuiteImport(db, { suiteId: other, fileName: "x.pdf", data: Buffer.from("x") })).issues[0].code).toBe("FILE_TYPE");
  });

  it("YAML keeps every field of a case and accepts the Chinese words of the table", async () => {
    const full = await createSuite(db, { workspaceId, name: "全字段" });
    await saveCase(db, {
      suiteId: full,
      input: {
        name: "尺码反问",
        tags: ["尺码"],
        note: "大促前补的",
        turns: [
          { text: "多大码", expect: { decision: "clarify", clarifyContains: "尺码怎么选", notContains: "抱歉", minConfidence: 0.4 } },
          { text: "算了", expect: {} },
        ],
      },
    });
    const file = await exportSuiteFile(db, { suiteId: full, fileName: "full.yaml" });
    expect(file.toString("utf8")).toContain("suite: 全字段");
    const copy = await createSuite(db, { workspaceId, name: "全字段副本" });
    const plan = await planSuiteImport(db, { suiteId: copy, fileName: "full.yml", data: file });
    expect(plan.issues).toEqual([]);
    expect(plan.suiteName).toBe("全字段");
    await applySuiteImport(db, { suiteId: copy, plan });
    expect((await listCases(db, copy))[0].note).toBe("大促前补的");
    expect(strip(await listCases(db, copy))).toEqual(strip(await listCases(db, full)));

    const words = [
      "cases:",
      "  - name: 转人工",
      "    turns:",
      "      - user: 我要投诉",
      "        expect: { decision: 转人工, reason: 负面情绪 }",
      "      - 好的",
    ].join("\n");
    const p2 = await planSuiteImport(db, { suiteId: copy, fileName: "w.yaml", data: Buffer.from(words, "utf8") });
    expect(p2.issues).toEqual([]);
    expect(p2.cases[0].turns).toEqual([
      { text: "我要投诉", expect: { decision: "transfer", reason: "negative_emotion" } },
      { text: "好的", expect: {} },
    ]);
  });

  it("reports every bad field of a YAML file by line, case, turn and field, and writes nothing", async () => {
    const yaml = [
      "suite: 坏文件", // 1
      "cases:", // 2
      "  - name: 好用例", // 3
      "    turns:", // 4
      "      - user: 你好", // 5
      "  - name: 坏决策", // 6
      "    turns:", // 7
      "      - user: 在吗", // 8
      "      - user: 发货呢", // 9
      "        expect:", // 10
      "          decision: 大概回答", // 11
      "          minConfidence: 2", // 12
      "          colour: red", // 13
      "  - name: 好用例", // 14
      "    turns: []", // 15
      "  - tags: [a]", // 16
      "    turns:", // 17
      "      - user: ''", // 18
    ].join("\n");
    const plan = await planSuiteImport(db, { suiteId: other, fileName: "bad.yaml", data: Buffer.from(yaml, "utf8") });
    expect(plan.issues.map((i) => [i.row, i.column, i.code, i.where?.params.case, i.where?.params.turn])).toEqual([
      [11, "decision", "SUITE_DECISION_UNKNOWN", 2, 2],
      [12, "minConfidence", "SUITE_CONFIDENCE_INVALID", 2, 2],
      [13, "colour", "SUITE_YAML_UNKNOWN_FIELD", 2, 2],
      [14, "name", "SUITE_YAML_CASE_TWICE", 3, undefined],
      [16, "name", "SUITE_NAME_EMPTY", 4, undefined],
      [18, "user", "SUITE_TEXT_EMPTY", 4, 1],
    ]);
    expect(plan.cases).toEqual([]);
    expect(plan.report).toMatchObject({ read: 4, rejected: 3 });
    const first = plan.issues[0];
    expect(first.message).toBe(
      'bad.yaml: line 11, case 2 "坏决策", turn 2, decision: "大概回答" is not a decision (use answer, clarify, no_answer or transfer)',
    );
    expect(formatError(first.where!.code, first.where!.params, "zh-CN")).toBe("第 2 个用例「坏决策」第 2 轮的 decision");
    const before = strip(await listCases(db, other));
    await expect(applySuiteImport(db, { suiteId: other, plan })).rejects.toThrow();
    expect(strip(await listCases(db, other))).toEqual(before);
  });

  it("names the line of a YAML syntax error, and refuses a document without cases", async () => {
    const broken = ["cases:", "  - name: a", "    turns: [", "      - user: b"].join("\n");
    const plan = await planSuiteImport(db, { suiteId: other, fileName: "broken.yaml", data: Buffer.from(broken, "utf8") });
    expect(plan.issues.length).toBeGreaterThan(0);
    expect(plan.issues[0]).toMatchObject({ code: "SUITE_YAML_SYNTAX" });
    expect(plan.issues[0].row).toBeGreaterThan(0);
    expect(plan.issues[0].message).toMatch(/^broken\.yaml: line \d+: not valid YAML/);
    const noCases = await planSuiteImport(db, { suiteId: other, fileName: "x.yaml", data: Buffer.from("suite: 空\n", "utf8") });
    expect(noCases.issues.map((i) => i.code)).toEqual(["SUITE_YAML_NO_CASES"]);
  });
});
