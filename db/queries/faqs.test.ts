import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";

import { KbError } from "../../training/errors";
import { createTestDb, type Db } from "../client";
import { faqs } from "../schema";
import { listAudit } from "./audit";
import {
  addVariants,
  cleanVariantLines,
  createCategory,
  deleteCategory,
  type FaqInput,
  getFaq,
  listCategories,
  listFaqs,
  moveCategory,
  removeVariants,
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

describe("addVariants and removeVariants", () => {
  const add = (faqId: number, texts: string[], userId: number | null = null) =>
    db.transaction((tx) => addVariants(tx, { workspaceId: ws, userId, faqId, texts }));
  const remove = (faqId: number, texts: string[]) => db.transaction((tx) => removeVariants(tx, { workspaceId: ws, userId: null, faqId, texts }));
  const texts = async (faqId: number) => (await getFaq(db, { workspaceId: ws, id: faqId }))!.variants;

  it("adds tidied phrasings after the existing ones, dropping blanks and what the FAQ has, normalized", async () => {
    const id = await create("什么时候发货", ["几天发"]);
    const r = await add(id, ["  多久   发货 ", "", "几天发？", "什么时候发货!", "多久 发货", "ＸＬ发货吗"]);
    expect(r).toEqual({ question: "什么时候发货", added: ["多久 发货", "ＸＬ发货吗"], removed: [], skipped: [] });
    expect(await texts(id)).toEqual(["几天发", "多久 发货", "ＸＬ发货吗"]);
  });

  it("skips a phrasing another FAQ holds and names that FAQ, adding the others (one rule with saveFaq)", async () => {
    const other = await create("运费多少", ["邮费多少"]);
    const id = await create("什么时候发货", []);
    const r = await add(id, ["邮费多少？", "几天发货", "运费多少"]);
    expect(r.added).toEqual(["几天发货"]);
    expect(r.skipped).toEqual([
      { text: "邮费多少？", reason: "conflict", faqId: other, question: "运费多少" },
      { text: "运费多少", reason: "conflict", faqId: other, question: "运费多少" },
    ]);
    expect(await texts(other)).toEqual(["邮费多少"]);
    const save = await saveFaq(db, { workspaceId: ws, userId: null, id, input: input("什么时候发货", ["几天发货", "邮费多少"]) });
    expect(save.ok).toBe(false);
    if (!save.ok) expect(save.check.conflicts).toEqual([{ text: "邮费多少", faqId: other, question: "运费多少" }]);
  });

  it("skips a phrasing over the variant length limit, like saveFaq refuses it", async () => {
    const id = await create("什么时候发货", []);
    const r = await add(id, ["很".repeat(201), "几天发货"]);
    expect(r.added).toEqual(["几天发货"]);
    expect(r.skipped).toEqual([{ text: "很".repeat(201), reason: "tooLong" }]);
  });

  it("refuses an FAQ of another workspace or none, with the error table's code", async () => {
    const id = await create("什么时候发货", []);
    const other = (await createWorkspace(db, { slug: "other", name: "别的店" })).id;
    const err = await db.transaction((tx) => addVariants(tx, { workspaceId: other, userId: null, faqId: id, texts: ["几天发货"] })).catch((e) => e);
    expect(err).toBeInstanceOf(KbError);
    expect(err).toMatchObject({ code: "FAQ_MISSING", params: { faqId: id } });
    expect(await texts(id)).toEqual([]);
  });

  it("writes one audit entry per edit with the variants before and after, and keeps the other rows", async () => {
    const id = await create("什么时候发货", ["几天发"]);
    const before = await db.query.variants.findMany({ where: (v, { eq }) => eq(v.faqId, id) });
    await add(id, ["多久发货", "明天发吗"]);
    await remove(id, ["多久发货？", "不存在的问法"]);
    const after = await db.query.variants.findMany({ where: (v, { eq }) => eq(v.faqId, id) });
    for (const v of before) expect(after.find((a) => a.text === v.text)?.id).toBe(v.id);
    expect(await texts(id)).toEqual(["几天发", "明天发吗"]);
    const audit = await listAudit(db, { workspaceId: ws, entity: "faq", entityId: id });
    expect(audit.rows.map((r) => [r.action, r.before, r.after])).toEqual([
      ["update", { variants: ["几天发", "多久发货", "明天发吗"] }, { variants: ["几天发", "明天发吗"] }],
      ["update", { variants: ["几天发"] }, { variants: ["几天发", "多久发货", "明天发吗"] }],
      ["create", null, expect.anything()],
    ]);
  });

  it("removes only the merchant's variants it names, never the standard question", async () => {
    const id = await create("什么时候发货", ["几天发"]);
    const r = await remove(id, ["什么时候发货", "几天发"]);
    expect(r?.removed).toEqual(["几天发"]);
    expect((await getFaq(db, { workspaceId: ws, id }))!.question).toBe("什么时候发货");
    expect(await texts(id)).toEqual([]);
    expect(await remove(id + 1000, ["几天发"])).toBeNull();
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

describe("searching the list as forgivingly as the bot (issue 15 item 16)", () => {
  beforeEach(async () => {
    await saveFaq(db, { workspaceId: ws, userId: null, input: input("运费谁出", ["邮费怎么算"]) });
    await saveFaq(db, { workspaceId: ws, userId: null, input: input("什么时候发货", ["几天能发"]) });
    await saveFaq(db, { workspaceId: ws, userId: null, input: input("怎么退货", ["不想要了能退吗"]) });
    await saveFaq(db, { workspaceId: ws, userId: null, input: input("发火车站自提可以吗", []) });
  });
  const search = async (q: string) => (await listFaqs(db, { workspaceId: ws, q })).rows.map((r) => r.question);

  it("finds by pinyin, by initials and by a homophone typo", async () => {
    expect(await search("yunfei")).toEqual(["运费谁出"]);
    expect(await search("yun fei")).toEqual(["运费谁出"]);
    expect(await search("yfsc")).toEqual(["运费谁出"]);
    expect(await search("tuihuo")).toEqual(["怎么退货"]);
  });

  it("ranks literal matches before matches by sound", async () => {
    // 发火 is literally in one question and sounds like 发货 in another.
    expect(await search("发火")).toEqual(["发火车站自提可以吗", "什么时候发货"]);
  });

  it("does not match everything by the sound of a short query", async () => {
    expect(await search("发")).toEqual(expect.arrayContaining(["什么时候发货", "发火车站自提可以吗"]));
    expect(await search("发")).toHaveLength(2);
    expect(await search("zzzz")).toEqual([]);
  });
});
