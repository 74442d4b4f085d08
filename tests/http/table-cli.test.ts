/**
 * `npm run kb -- faq:import / faq:export / products:import / products:export` as a user runs
 * them: one reporting path for both table imports (stderr lines, --json last, exit 1 on a
 * rejected row), a dry run writes nothing, a second import is all unchanged, an export
 * re-imports unchanged, and a bad FILE argument is a usage error (exit 2).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, migrateDb } from "../../db/client";
import { ensureWorkspace } from "../../db/queries/workspaces";
import { runKb } from "../support/cli";

let dir: string;
let env: NodeJS.ProcessEnv;
const kb = (...args: string[]) => runKb(args, env);
const file = (name: string, lines: string[]) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, lines.join("\r\n"));
  return p;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-table-cli-"));
  const url = `file:${path.join(dir, "kb.db")}`;
  env = { ...process.env, DATABASE_URL: url };
  const db = createDb(url);
  await migrateDb(db);
  await ensureWorkspace(db, { slug: "shop", name: "shop" });
  db.$client.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kb faq:import and faq:export", () => {
  it("reports a rejected row by row and column, writes the rest, and a second import changes nothing", async () => {
    const csv = file("faqs.csv", [
      "分类,标准问题,相似问法,答案,关键词,关联问题",
      "物流问题,什么时候发货,几天发货|多久发货,亲，付款后48小时内发货,,",
      "售后问题,怎么退货,退货流程,亲，在订单页申请退货即可,,",
      "售后问题,,没有标准问题的行,答案,,",
    ]);
    const dry = await kb("faq:import", csv, "--workspace", "shop", "--create-categories", "--dry-run", "--json");
    expect(dry.code, dry.stderr).toBe(1);
    expect(dry.stderr).toContain("would import: read 3, created 2, updated 0, unchanged 0, rejected 1");
    expect(dry.stderr).toMatch(/error: faqs\.csv: .*4/);
    expect(dry.json).toMatchObject({ read: 3, created: 2, rejected: 1 });

    const real = await kb("faq:import", csv, "--workspace", "shop", "--create-categories", "--json");
    expect(real.code, real.stderr).toBe(1);
    expect(real.json).toMatchObject({ read: 3, created: 2, rejected: 1 });
    const again = await kb("faq:import", csv, "--workspace", "shop", "--json");
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
  });

  it("exports a file that re-imports unchanged with exit 0", async () => {
    const out = path.join(dir, "export.xlsx");
    const exp = await kb("faq:export", out, "--workspace", "shop", "--json");
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.json).toMatchObject({ file: out, faqs: 2 });
    const back = await kb("faq:import", out, "--workspace", "shop", "--json");
    expect(back.code, back.stderr).toBe(0);
    expect(back.json).toMatchObject({ read: 2, unchanged: 2, rejected: 0 });
  });

  it("a FILE of an unknown type or a missing FILE is a usage error", async () => {
    expect((await kb("faq:import", path.join(dir, "faqs.txt"), "--workspace", "shop")).code).toBe(2);
    expect((await kb("faq:import", path.join(dir, "nope.csv"), "--workspace", "shop")).code).toBe(2);
    expect((await kb("faq:export", "--workspace", "shop")).code).toBe(2);
    // --merge takes file row numbers (the header is row 1).
    expect((await kb("faq:import", path.join(dir, "faqs.csv"), "--workspace", "shop", "--merge", "2,x")).code).toBe(2);
    expect((await kb("faq:import", path.join(dir, "faqs.csv"), "--workspace", "shop", "--merge", "1")).code).toBe(2);
  });
});

describe("kb products:import and products:export", () => {
  it("imports through the same report, with the encoding and attribute columns noted", async () => {
    const csv = file("products.csv", [
      "商品ID,标题,类目,价格带,链接,图片,在售,尺码表,材质,颜色",
      "990001,木棉 莫代尔弹力背心,背心,39-49,,,是,,92%棉 8%氨纶,白色、黑色",
      ",没有商品ID的行,,,,,,,,",
    ]);
    const r = await kb("products:import", csv, "--workspace", "shop", "--json");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("attribute columns: 材质, 颜色");
    expect(r.stderr).toContain("imported: read 2, created 1, updated 0, unchanged 0, rejected 1");
    expect(r.json).toMatchObject({ read: 2, created: 1, rejected: 1 });

    const out = path.join(dir, "catalogue.csv");
    const exp = await kb("products:export", out, "--workspace", "shop", "--json");
    expect(exp.json).toMatchObject({ products: 1 });
    const back = await kb("products:import", out, "--workspace", "shop", "--json");
    expect(back.code, back.stderr).toBe(0);
    expect(back.json).toMatchObject({ read: 1, unchanged: 1, rejected: 0 });
  });
});
