/**
 * The demo workspace that `npm start` creates on an empty database: 木棉小铺, a small apparel
 * shop, with one user per role so that every part of the studio can be tried at once.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { eq, sql } from "drizzle-orm";

import { normalizeKey } from "../../training/normalize";
import type { Db } from "../client";
import { listCategories, listFaqs, writeFaq } from "../queries/faqs";
import { updateSettings } from "../queries/settings";
import { replaceSynonymGroups } from "../queries/synonyms";
import { createUser, ensureWorkspace, getUserByEmail, setMembership } from "../queries/workspaces";
import { faqs, workspaces } from "../schema";
import { seedMetricsHistory } from "./metrics";
import { seedProducts } from "./products";
import { seedDemoSuites } from "./suites";
import { seedDemoVersions } from "./versions";

export const DEMO_PASSWORD = "kbstudio2026";
export const DEMO_USERS = [
  { email: "admin@kbstudio.dev", role: "admin", name: "管理员 Ada" },
  { email: "trainer@kbstudio.dev", role: "trainer", name: "训练师 小林" },
  { email: "qa@kbstudio.dev", role: "qa", name: "测试 小周" },
  { email: "manager@kbstudio.dev", role: "manager", name: "主管 王经理" },
] as const;

const DEMO_CARDS = ["什么时候发货", "尺码怎么选", "怎么退货", "发什么快递", "有优惠券吗", "包邮吗"];

export interface DemoFaq {
  category: string;
  question: string;
  answer: string;
  variants: string[];
  keywords: string[];
  related: string[];
}

function seedDir() {
  const candidates = [path.resolve(process.cwd(), "db/seed")];
  try {
    candidates.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    /* bundled */
  }
  for (const c of candidates) if (fs.existsSync(path.join(c, "demo-faqs.json"))) return c;
  throw new Error("db/seed/demo-faqs.json not found");
}

export function readDemoFaqs(): DemoFaq[] {
  return JSON.parse(fs.readFileSync(path.join(seedDir(), "demo-faqs.json"), "utf8"));
}

export function readDemoSynonyms(): string[][] {
  return JSON.parse(fs.readFileSync(path.join(seedDir(), "demo-synonyms.json"), "utf8"));
}

export async function isDatabaseEmpty(db: Db) {
  const [{ n }] = await db.select({ n: sql<number>`count(*)` }).from(workspaces);
  return n === 0;
}

/** Creates FAQs (with related questions resolved by standard question) in one transaction. */
export async function insertFaqs(db: Db, workspaceId: number, items: DemoFaq[], userId: number | null) {
  const cats = await listCategories(db, workspaceId);
  const catId = new Map(cats.map((c) => [c.name, c.id]));
  await db.transaction(async (tx) => {
    const idByKey = new Map<string, number>();
    for (const f of items) {
      const categoryId = catId.get(f.category);
      if (!categoryId) throw new Error(`demo FAQ "${f.question}": unknown category ${f.category}`);
      const r = await writeFaq(tx, {
        workspaceId,
        userId,
        input: { question: f.question, answer: f.answer, categoryId, variants: f.variants, keywords: f.keywords, relatedIds: [], enabled: true },
        action: "create",
      });
      idByKey.set(normalizeKey(f.question), r.id);
    }
    for (const f of items) {
      if (!f.related.length) continue;
      const id = idByKey.get(normalizeKey(f.question))!;
      await writeFaq(tx, {
        workspaceId,
        userId,
        id,
        input: {
          question: f.question,
          answer: f.answer,
          categoryId: catId.get(f.category)!,
          variants: f.variants,
          keywords: f.keywords,
          relatedIds: f.related.map((q) => idByKey.get(normalizeKey(q))).filter((x): x is number => x !== undefined),
          enabled: true,
        },
      });
    }
  });
}

export async function seedDemo(db: Db) {
  const ws = await ensureWorkspace(db, { slug: "demo", name: "木棉小铺" });
  const ids: Record<string, number> = {};
  for (const u of DEMO_USERS) {
    const existing = await getUserByEmail(db, u.email);
    const id = existing?.id ?? (await createUser(db, { email: u.email, password: DEMO_PASSWORD, name: u.name })).id;
    ids[u.role] = id;
    await setMembership(db, { userId: id, workspaceId: ws.id, role: u.role });
  }
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(faqs)
    .where(eq(faqs.workspaceId, ws.id));
  if (n === 0) {
    await insertFaqs(db, ws.id, readDemoFaqs(), ids.trainer);
    await replaceSynonymGroups(db, { workspaceId: ws.id, userId: ids.trainer, lines: readDemoSynonyms().map((g) => g.join("/")) });
    const cards = (await listFaqs(db, { workspaceId: ws.id, pageSize: 100, sort: "question" })).rows.filter((r) => DEMO_CARDS.includes(r.question));
    await updateSettings(db, {
      workspaceId: ws.id,
      userId: ids.admin,
      patch: {
        welcomeMessage: "亲，欢迎光临木棉小铺～我是小木棉，尺码、发货、售后都可以问我哦！",
        welcomeCards: cards.map((c) => c.id),
        // The wizard's answers, as the demo FAQs word them: an onboarded shop has its whole profile.
        shopProfile: {
          店铺名称: "木棉小铺",
          主营类目: "服装鞋包",
          发货时间: "48小时",
          快递公司: "中通/韵达",
          发货地: "杭州",
          退货天数: "7",
          退货地址: "浙江省杭州市余杭区木棉小铺售后仓",
          客服工作时间: "9:00-23:00",
        },
        onboarded: true,
      },
    });
  }
  await seedMetricsHistory(db, ws.id);
  await seedProducts(db, ws.id);
  await seedDemoVersions(db, ws.id, { admin: ids.admin, trainer: ids.trainer });
  await seedDemoSuites(db, ws.id, ids.qa ?? ids.admin);
  return ws;
}
