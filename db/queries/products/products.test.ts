import iconv from "iconv-lite";
import { beforeEach, describe, expect, it } from "vitest";

import { generateCatalogue } from "../../../scripts/bench/products-catalogue";
import { formatError } from "../../../training/errors";
import { readTable, writeXlsx } from "../../../training/io/table";
import { createTestDb, type Db } from "../../client";
import { listAudit } from "../audit";
import { getOrCreateSession } from "../bot";
import { createWorkspace } from "../workspaces";
import { exportProductFile, importProductFile, listProducts, productCategories, productFacts, productOptions, sessionProduct, writeProduct } from ".";

const HEAD = "商品ID,标题,类目,价格带,链接,图片,在售,尺码表,面料,颜色";
const csv = (...lines: string[]) => Buffer.from([HEAD, ...lines].join("\r\n"), "utf8");

let db: Db;
let ws: number;

beforeEach(async () => {
  db = await createTestDb();
  ws = (await createWorkspace(db, { slug: "shop", name: "店" })).id;
});

const imp = (fileName: string, data: Uint8Array, dryRun = false) => importProductFile(db, { workspaceId: ws, userId: null, fileName, data, dryRun });

const good = csv(
  "1001,圆领T恤,T恤,59-79,https://item.example.com/1001,https://img.example.com/1001.jpg,是,S 150-157cm 80-95斤 | M 158-164cm 95-110斤,95%棉 5%氨纶,白色、黑色",
  "1002,碎花连衣裙,连衣裙,129,,,否,,100%纯棉,",
);

describe("product catalogue import", () => {
  it("imports products with attributes and size chart, and a re-import changes nothing", async () => {
    const plan = await imp("catalogue.csv", good);
    expect(plan.report).toMatchObject({ read: 2, created: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(plan.attributeColumns).toEqual(["面料", "颜色"]);
    const tee = await productFacts(db, ws, "1001");
    expect(tee).toMatchObject({ title: "圆领T恤", category: "T恤", priceBand: "59-79", onSale: true });
    expect(tee!.attributes).toEqual([
      { key: "面料", value: "95%棉 5%氨纶" },
      { key: "颜色", value: "白色、黑色" },
    ]);
    expect(tee!.sizeChart.map((r) => [r.size, r.heightMin, r.weightMax])).toEqual([
      ["S", 150, 47.5],
      ["M", 158, 55],
    ]);
    const dress = await productFacts(db, ws, "1002");
    expect(dress).toMatchObject({ onSale: false, attributes: [{ key: "面料", value: "100%纯棉" }], sizeChart: [] });
    const again = await imp("catalogue.csv", good);
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const audit = await listAudit(db, { workspaceId: ws });
    expect(audit.rows.filter((r) => r.entity === "product_catalogue")).toHaveLength(1);
  });

  it("rejects bad rows by row, column and code, and writes the good ones", async () => {
    const plan = await imp(
      "bad.csv",
      csv(
        "1001,T恤,,,,,,,棉,",
        ",没有ID,,,,,,,,",
        "1003,,,,,,,,,",
        "1001,重复,,,,,,,,",
        "1005,坏链接,,,javascript:alert(1),,,,,",
        "1006,在售写错,,,,,也许,,,",
        "1007,尺码表写错,,,,,,特大号随便穿,,",
      ),
    );
    expect(plan.report).toMatchObject({ created: 1, rejected: 6 });
    expect(plan.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [3, "商品ID", "PRODUCT_ID_EMPTY"],
      [4, "标题", "PRODUCT_TITLE_EMPTY"],
      [5, "商品ID", "PRODUCT_DUPLICATE_ROW"],
      [6, "链接", "PRODUCT_URL_INVALID"],
      [7, "在售", "IMPORT_ENABLED_INVALID"],
      [8, "尺码表", "PRODUCT_SIZE_CHART_INVALID"],
    ]);
    expect(formatError(plan.issues[2].code, plan.issues[2].params, "zh-CN")).toBe("与第 2 行是同一个商品ID");
    expect(plan.issues[3].message).toBe('bad.csv: row 6, column 链接: "javascript:alert(1)" is not an http/https link');
    expect((await listProducts(db, { workspaceId: ws })).total).toBe(1);
  });

  it("refuses a file without the required columns, writing nothing", async () => {
    const plan = await imp("x.csv", Buffer.from("编号,名字\n1,a", "utf8"));
    expect(plan.fatal).toBe(true);
    expect(plan.issues.map((i) => [i.column, i.code])).toEqual([
      ["商品ID", "FILE_MISSING_COLUMN"],
      ["标题", "FILE_MISSING_COLUMN"],
    ]);
    expect((await listProducts(db, { workspaceId: ws })).total).toBe(0);
  });

  it("a dry run writes nothing; GBK is detected; XLSX imports", async () => {
    expect((await imp("c.csv", good, true)).report.created).toBe(2);
    expect((await listProducts(db, { workspaceId: ws })).total).toBe(0);
    const gbk = iconv.encode([HEAD, "2001,置物架,收纳,99,,,是,,碳钢,白色"].join("\r\n"), "gbk");
    const plan = await imp("gbk.csv", gbk);
    expect(plan.encoding).toMatch(/gb/i);
    expect((await productFacts(db, ws, "2001"))!.attributes[0]).toEqual({ key: "面料", value: "碳钢" });
    const xlsx = await writeXlsx(["商品ID", "标题", "承重"], [["2002", "鞋架", "每层10kg"]]);
    expect((await imp("c.xlsx", xlsx)).report.created).toBe(1);
    expect((await productFacts(db, ws, "2002"))!.attributes).toEqual([{ key: "承重", value: "每层10kg" }]);
  });

  it("a column the file does not have keeps the field; an empty cell clears it", async () => {
    await imp("c.csv", good);
    const plan = await imp("titles.csv", Buffer.from("商品ID,标题,颜色\n1001,圆领T恤 新款,", "utf8"));
    expect(plan.report).toMatchObject({ updated: 1 });
    const tee = await productFacts(db, ws, "1001");
    expect(tee).toMatchObject({ title: "圆领T恤 新款", category: "T恤", attributes: [{ key: "面料", value: "95%棉 5%氨纶" }] });
    expect(tee!.sizeChart).toHaveLength(2);
  });

  it("exports CSV and XLSX that re-import unchanged", async () => {
    await imp("c.csv", good);
    for (const name of ["out.csv", "out.xlsx"]) {
      const file = await exportProductFile(db, { workspaceId: ws, fileName: name });
      const table = await readTable(file, name);
      expect(table.headers.slice(0, 8)).toEqual(["商品ID", "标题", "类目", "价格带", "链接", "图片", "在售", "尺码表"]);
      expect((await imp(name, file)).report).toMatchObject({ unchanged: 2, created: 0, updated: 0, rejected: 0 });
    }
  });
});

describe("a large catalogue import (speed: npm run bench:products)", () => {
  it("imports 2,000 products × 10 attributes in one go, every attribute kept", async () => {
    const plan = await imp("big.csv", generateCatalogue(2000));
    expect(plan.report).toMatchObject({ created: 2000, rejected: 0 });
    expect((await productFacts(db, ws, "600000001999"))!.attributes).toHaveLength(10);
    expect((await listProducts(db, { workspaceId: ws, page: 1, pageSize: 10 })).total).toBe(2000);
  }, 60_000);
});

describe("catalogue queries", () => {
  it("searches, filters by category and pages", async () => {
    for (let i = 0; i < 30; i++)
      await writeProduct(db, ws, {
        externalId: `P${String(i).padStart(3, "0")}`,
        title: i % 2 ? `连衣裙 ${i}` : `T恤 ${i}`,
        category: i % 2 ? "连衣裙" : "T恤",
        priceBand: "",
        link: "",
        imageUrl: "",
        onSale: true,
        attributes: [{ key: "材质", value: "棉" }],
        sizeChart: [],
      });
    const page = await listProducts(db, { workspaceId: ws, q: "连衣裙", pageSize: 10, page: 2 });
    expect(page.total).toBe(15);
    expect(page.rows).toHaveLength(5);
    expect(page.rows[0]).toMatchObject({ attributeCount: 1, sizeRows: 0 });
    expect((await listProducts(db, { workspaceId: ws, category: "T恤" })).total).toBe(15);
    expect((await listProducts(db, { workspaceId: ws, q: "100%" })).total).toBe(0);
    expect(await productCategories(db, ws)).toEqual(["T恤", "连衣裙"]);
    expect((await productOptions(db, ws, "P00", 5)).map((o) => o.externalId)).toEqual(["P000", "P001", "P002", "P003", "P004"]);
  });

  it("remembers a session's product", async () => {
    const s = await getOrCreateSession(db, ws, "api", "buyer-1");
    expect(await sessionProduct(db, s.id)).toBeNull();
    expect(await sessionProduct(db, s.id, "1001")).toBe("1001");
    expect(await sessionProduct(db, s.id)).toBe("1001");
    expect(await sessionProduct(db, s.id, "1002")).toBe("1002");
    expect(await sessionProduct(db, s.id)).toBe("1002");
  });
});
