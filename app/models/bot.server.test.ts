/**
 * The one decision path (issue 9 item 1), in-process on a real migrated database file: the
 * workspace's rules reach the policy, the stored turn equals the reply, stateless replay and a
 * caller-kept session decide the same way, and an engine with a pretrained model (the tiny
 * generated one) decides for every caller.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Db } from "../../db/client";
import { createTestDb } from "../../db/client";
import { botTurns } from "../../db/schema";
import { writeTinyBertModel } from "../../training/transformer/tiny-model";
// Types only: the module itself is imported after DATABASE_URL points at this test's database.
import type * as BotModule from "./bot.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-bot-"));
process.env.DATABASE_URL = `file:${path.join(dir, "kb.db")}`;
process.env.DATA_DIR = dir;
process.env.MODELS_DIR = path.join(dir, "models");

let db: Db;
let ws: number;
let bot: typeof BotModule;
let shippingId: number;

beforeAll(async () => {
  db = await createTestDb(process.env.DATABASE_URL);
  const { ensureWorkspace } = await import("../../db/queries/workspaces");
  const { saveFaq, listCategories } = await import("../../db/queries/faqs");
  const { updateSettings } = await import("../../db/queries/settings");
  ws = (await ensureWorkspace(db, { slug: "test-shop", name: "测试店" })).id;
  const cat = (await listCategories(db, ws))[0].id;
  const faqs = [
    ["什么时候发货", "下单后 48 小时内发货", ["几天发货", "啥时候发货", "多久能发出"]],
    ["运费多少", "全国包邮，偏远地区除外", ["包邮吗", "邮费多少", "要运费吗"]],
    ["可以退货吗", "支持七天无理由退货", ["能退吗", "不喜欢可以退吗", "怎么退货"]],
    ["有发票吗", "可以开电子发票", ["能开发票吗", "发票怎么开", "开票"]],
  ] as const;
  for (const [question, answer, variants] of faqs) {
    const r = await saveFaq(db, {
      workspaceId: ws,
      userId: null,
      input: { question, answer, categoryId: cat, variants: [...variants], keywords: [], relatedIds: [], enabled: true },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.check.fieldErrors));
    if (question === "什么时候发货") shippingId = r.id;
  }
  await updateSettings(db, { workspaceId: ws, userId: null, patch: { sensitiveKeywords: ["内部价"] } });
  bot = await import("./bot.server");
});

afterAll(async () => {
  db?.$client.close();
  (await import("~/db.server")).closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the one decision path", () => {
  it("applies the workspace's rules: a sensitive keyword of its settings transfers", async () => {
    const r = await bot.decideTurn({ workspaceId: ws, text: "有没有内部价" });
    expect(r).toMatchObject({ decision: "transfer", reason: "sensitive_keyword", trigger: "内部价" });
  });

  it("stores exactly what it replies, in the caller's session", async () => {
    const r = await bot.botReply({ workspaceId: ws, channel: "api", sessionId: "s-1", text: "啥时候发货" });
    expect(r).toMatchObject({ decision: "answer", faqId: shippingId, answer: "下单后 48 小时内发货" });
    const [row] = await db.select().from(botTurns).where(eq(botTurns.workspaceId, ws));
    expect(row).toMatchObject({ text: "啥时候发货", decision: r.decision, faqId: r.faqId, confidence: r.confidence, reply: r.reply });
  });

  it("decides a caller-kept session as botReply decides a stored one", async () => {
    // "这个呢" says nothing alone, so only the session can resolve it (a follow-up with its own
    // words, 那运费呢, may be answered by the message alone when the KB has one 运费 FAQ).
    const first = await bot.decideTurn({ workspaceId: ws, text: "什么时候发货" });
    const kept = await bot.decideTurn({ workspaceId: ws, text: "这个呢", history: [bot.historyTurn("什么时候发货", first)] });
    await bot.botReply({ workspaceId: ws, channel: "api", sessionId: "s-2", text: "什么时候发货" });
    const stored = await bot.botReply({ workspaceId: ws, channel: "api", sessionId: "s-2", text: "这个呢" });
    expect(kept.followUp).toBe(true);
    expect({ decision: stored.decision, faqId: stored.faqId, followUp: stored.followUp }).toEqual({
      decision: kept.decision,
      faqId: kept.faqId,
      followUp: kept.followUp,
    });
  });

  it("a clarify's offered FAQs stay in the session, so a reply \"2\" can pick one", () => {
    const suggestions = [
      { faqId: 7, question: "a", confidence: 0.5 },
      { faqId: 9, question: "b", confidence: 0.4 },
    ];
    expect(bot.historyTurn("x", { decision: "clarify", faqId: 7, matchedText: "x", suggestions }).suggestions).toEqual(["7", "9"]);
    // An answer's suggestions are its related FAQs, not something the customer picks from.
    expect(bot.historyTurn("x", { decision: "answer", faqId: 7, matchedText: "x", suggestions }).suggestions).toBeUndefined();
  });

  it("replays statelessly: no follow-ups, no repeated-failure transfers, one decision per distinct text", async () => {
    const texts = ["明天股票会涨吗", "帮我写作文", "那运费呢", "明天股票会涨吗"];
    const out = await bot.decideMany(ws, texts);
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual(out[3]);
    expect(out.map((o) => o.decision)).not.toContain("transfer");
  });
});

describe("with a pretrained model installed", () => {
  it("every caller decides through the async path", async () => {
    await writeTinyBertModel(path.join(process.env.MODELS_DIR!, "test", "tiny-bert-zh"));
    const engines = await import("./engine.server");
    // A fresh embedder lookup (the first build ran without a model) and a retrain with it.
    (globalThis as { __kbEmbedder?: unknown }).__kbEmbedder = undefined;
    await engines.retrainNow(ws);
    expect((await engines.engineStatus(ws)).stats?.encoders.some((e) => e.startsWith("transformer"))).toBe(true);
    const turn = await bot.decideTurn({ workspaceId: ws, text: "几天发货" });
    expect(turn.candidates[0].scores.transformer).toBeDefined();
    const reply = await bot.botReply({ workspaceId: ws, channel: "simulator", sessionId: "m", text: "包邮吗" });
    expect(["answer", "clarify"]).toContain(reply.decision);
    const many = await bot.decideMany(ws, ["能退吗", "发票怎么开"]);
    expect(many.every((m) => m.faqId !== null)).toBe(true);
  });
});
