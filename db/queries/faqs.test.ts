import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";

import { createTestDb, type Db } from "../client";
import { faqs } from "../schema";
import { listAudit } from "./audit";
import {
  cleanVariantLines,
  createCategory,
  deleteCategory,
  type FaqInput,
  getFaq,
  listCategories,
  listFaqs,
  moveCategory,
  renameCategory,
  saveFaq,
} from "./faqs";
import { createWorkspace } from "./workspaces";

let db: Db;
let ws: number;
let cat: number;

beforeEach(async () => {
  db = await createTestDb();
  ws = (await createWorkspace(db, { slug: "shop", name: "店" })).id;
  cat = (await listCategories(db, ws)).find((c) => c.name === "物流问题")!.id;
});

const input = (question: string, variants: string[], extra: Partial<FaqInput> = {}): FaqInput => ({
  question,
  answer: "答案",
  categoryId: cat,
  variants,
  keywords: [],
  relatedIds: [],
  enabled: true,
  ...extra,
});

async function create(question: string, variants: string[], extra: Partial<FaqInput> = {}) {
  const r = await saveFaq(db, { workspaceId: ws, userId: null, input: input(question, variants, extra) });
  if (!r.ok) throw new Error(JSON.stringify(r.check));
  return r.id;
}

describe("workspace defaults", () => {
  it("starts with the seven categories of 店小蜜", async () => {
    expect((await listCategories(db, ws)).map((c) => c.name)).toEqual(["聊天互动", "商品问题", "活动优惠", "购买操作", "物流问题", "售后问题", "更多问题"]);
  });
});

describe("cleanVariantLines", () => {
  it("reports no blank line for an empty box or blank lines at its edges", () => {
    expect(cleanVariantLines([""], "什么时候发货").droppedBlank).toBe(0);
    expect(cleanVariantLines(["", "  ", "几天发货", "", ""], "什么时候发货")).toMatchObject({ variants: ["几天发货"], droppedBlank: 0 });
    expect(cleanVariantLines(["几天发货", "", "多久发货"], "什么时候发货").droppedBlank).toBe(1);
  });

  it("drops blank lines and duplicates after normalization, reporting them", () => {
    const r = cleanVariantLines(["几天发货", "", "  ", "几天发货？", "ＸＬ有货吗", "xl有货吗", "什么时候发货"], "什么时候发货");
    expect(r.variants).toEqual(["几天发货", "ＸＬ有货吗"]);
    expect(r.droppedBlank).toBe(2);
    expect(r.droppedDuplicates).toEqual(["几天发货？", "xl有货吗", "什么时候发货"]);
  });
});

describe("conflicts and near-duplicates", () => {
  it("refuses a variant that another FAQ has, after normalization, and names that FAQ", async () => {
    const first = await create("什么时候发货", ["几天能发货"]);
    const r = await saveFaq(db, { workspaceId: ws, userId: null, input: input("发货要多久", ["几天能发货？"]) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.check.conflicts).toEqual([{ text: "几天能发货？", faqId: first, question: "什么时候发货" }]);
    expect(r.check.fieldErrors.variants?.code).toBe("FAQ_VARIANT_CONFLICT");
  });

  it("refuses a standard question equal to another FAQ's variant", async () => {
    await create("什么时候发货", ["几天能发货"]);
    const r = await saveFaq(db, { workspaceId: ws, userId: null, input: input("几天能发货!", []) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.check.fieldErrors.question?.code).toBe("FAQ_VARIANT_CONFLICT");
  });

  it("warns about a near-duplicate but saves", async () => {
    await create("什么时候发货", ["下单后几天能发货"]);
    const r = await saveFaq(db, { workspaceId: ws, userId: null, input: input("发货时间", ["下单后几天能发货呢"]) });
    expect(r.ok).toBe(true);
    expect(r.check.nearDuplicates[0]).toMatchObject({ text: "下单后几天能发货呢", existing: "下单后几天能发货", question: "什么时候发货" });
  });

  it("refuses a variant over 200 characters", async () => {
    const r = await saveFaq(db, { workspaceId: ws, userId: null, input: input("什么时候发货", ["很".repeat(201)]) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.check.fieldErrors.variants?.code).toBe("FAQ_VARIANT_TOO_LONG");
  });

  it("allows at most 5 related FAQs and not itself", async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await create(`问题${i}`, []));
    const r = await saveFaq(db, { workspaceId: ws, userId: null, input: input("主问题", [], { relatedIds: ids }) });
    expect(r.ok).toBe(false);
    const self = await saveFaq(db, { workspaceId: ws, userId: null, id: ids[0], input: input("问题0", [], { relatedIds: [ids[0]] }) });
    expect(self.ok).toBe(false);
  });
});

describe("saving and the audit log", () => {
  it("records who changed what, before and after, and nothing when unchanged", async () => {
    const id = await create("什么时候发货", ["几天发"]);
    const r = await saveFaq(db, { workspaceId: ws, userId: null, id, input: input("什么时候发货", ["几天发", "多久发"], { answer: "新答案" }) });
    expect(r.ok && r.changed).toBe(true);
    const again = await saveFaq(db, { workspaceId: ws, userId: null, id, input: input("什么时候发货", ["几天发", "多久发"], { answer: "新答案" }) });
    expect(again.ok && again.changed).toBe(false);
    const audit = await listAudit(db, { workspaceId: ws, entity: "faq", entityId: id });
    expect(audit.total).toBe(2);
    const update = audit.rows[0];
    expect(update.action).toBe("update");
    expect(update.before).toMatchObject({ answer: "答案", variants: ["几天发"] });
    expect(update.after).toMatchObject({ answer: "新答案", variants: ["几天发", "多久发"] });
  });

  it("keeps variant rows whose text is unchanged (stable ids for the index)", async () => {
    const id = await create("什么时候发货", ["几天发", "多久发"]);
    const ids1 = await db.query.variants.findMany({ where: (v, { eq }) => eq(v.faqId, id) });
    await saveFaq(db, { workspaceId: ws, userId: null, id, input: input("什么时候发货", ["几天发", "啥时候发"]) });
    const ids2 = await db.query.variants.findMany({ where: (v, { eq }) => eq(v.faqId, id) });
    const keep = ids1.find((v) => v.text === "几天发")!.id;
    expect(ids2.find((v) => v.text === "几天发")!.id).toBe(keep);
    expect(ids2.map((v) => v.text).sort()).toEqual(["什么时候发货", "几天发", "啥时候发"].sort());
  });
});

describe("search", () => {
  beforeEach(async () => {
    await create("什么时候发货", ["亲几天能发出"]);
    await create("XL码偏大吗", ["大码会不会偏大"]);
    await create("怎么退货", ["不想要了能退吗"], { enabled: false });
  });
  it.each([
    ["发货", ["什么时候发货"]],
    ["几天能发", ["什么时候发货"]],
    ["ｘｌ码", ["XL码偏大吗"]],
    ["能退", ["怎么退货"]],
    ["100%", []],
  ])("finds %s by Chinese substring over questions and variants", async (q, expected) => {
    const r = await listFaqs(db, { workspaceId: ws, q });
    expect(r.rows.map((x) => x.question)).toEqual(expected);
  });
  it("filters by enabled and category, and pages", async () => {
    expect((await listFaqs(db, { workspaceId: ws, enabled: false })).rows.map((r) => r.question)).toEqual(["怎么退货"]);
    expect((await listFaqs(db, { workspaceId: ws, categoryId: cat })).total).toBe(3);
    const p = await listFaqs(db, { workspaceId: ws, pageSize: 5, page: 1 });
    expect(p.rows[0].variantCount).toBeGreaterThan(0);
  });

  it("counts each category's FAQs (分类管理's 问题数)", async () => {
    const counts = Object.fromEntries((await listCategories(db, ws)).map((c) => [c.name, c.faqCount]));
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)` })
      .from(faqs)
      .where(and(eq(faqs.workspaceId, ws), eq(faqs.categoryId, cat)));
    expect(n).toBeGreaterThan(1);
    expect(counts["物流问题"]).toBe(n);
    expect(counts["售后问题"]).toBe(0);
  });
});

describe("categories", () => {
  it("renames, reorders, extends and refuses to delete a non-empty one", async () => {
    await renameCategory(db, { workspaceId: ws, id: cat, name: "物流配送", userId: null });
    await moveCategory(db, { workspaceId: ws, id: cat, direction: "up", userId: null });
    const c = await createCategory(db, { workspaceId: ws, name: "定制服务", userId: null });
    const names = (await listCategories(db, ws)).map((x) => x.name);
    expect(names).toEqual(["聊天互动", "商品问题", "活动优惠", "物流配送", "购买操作", "售后问题", "更多问题", "定制服务"]);
    await create("什么时候发货", []);
    await expect(deleteCategory(db, { workspaceId: ws, id: cat, userId: null })).rejects.toMatchObject({ code: "CATEGORY_NOT_EMPTY", params: { count: 1 } });
    expect(await deleteCategory(db, { workspaceId: ws, id: c.id, userId: null })).toBe(true);
    await expect(createCategory(db, { workspaceId: ws, name: "售后问题", userId: null })).rejects.toMatchObject({
      code: "CATEGORY_EXISTS",
      params: { name: "售后问题" },
    });
  });
});

describe("isolation", () => {
  it("never returns another workspace's FAQ", async () => {
    const id = await create("什么时候发货", []);
    const other = (await createWorkspace(db, { slug: "other", name: "别家" })).id;
    expect(await getFaq(db, { workspaceId: other, id })).toBeNull();
    // The same phrasing is fine in another shop.
    const oc = (await listCategories(db, other))[0].id;
    const r = await saveFaq(db, { workspaceId: other, userId: null, input: { ...input("什么时候发货", []), categoryId: oc } });
    expect(r.ok).toBe(true);
  });
});
