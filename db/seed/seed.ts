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
      patch: { welcomeMessage: "亲，欢迎光临木棉小铺～我是小木棉，尺码、发货、售后都可以问我哦！", welcomeCards: cards.map((c) => c.id), onboarded: true },
    });
  }
  return ws;
}
