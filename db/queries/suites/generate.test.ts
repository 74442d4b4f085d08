/**
 * Generated cases (issue 11 "Generation"): a knowledge-base baseline (every answered FAQ, pack
 * questions included, with N of its variants) and cases from the inbox labels; generating again
 * replaces by name and changes nothing; fewer variants remove the cases of the dropped ones; cases
 * written by hand are never touched. Coverage: FAQs no case reaches, and FAQs only their own
 * phrasings reach.
 */
import { and, eq, isNull, notInArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { createTestDb, type Db } from "../../client";
import { logLabels, logTurns } from "../../schema";
import { seedDemo } from "../../seed/seed";
import { labeledQuestions, loadBotContent } from "../bot-content";
import { engineInputFromContent } from "../engine-input";
import { labelTurns } from "../logs/labels";
import { subscribePack } from "../packs/subscribe";
import { updateSettings } from "../settings";
import { suiteCoverage } from "./coverage";
import { BASELINE_TAG, baselineCases, generateSuiteCases, LABELS_TAG, PACK_TAG } from "./generate";
import { createSuite, listCases, saveCase } from "./index";

let db: Db;
let ws = 0;

beforeAll(async () => {
  db = await createTestDb();
  ws = (await seedDemo(db)).id;
  // A pack (its questions answered by the default answer until the merchant writes one) and a
  // chit-chat label, which the demo shop has neither of.
  await subscribePack(db, { workspaceId: ws, packId: "apparel", userId: null });
  await updateSettings(db, { workspaceId: ws, userId: null, patch: { defaultAnswer: "亲，这个问题我帮您转给客服确认哦" } });
  const labeled = db.select({ id: logLabels.turnId }).from(logLabels);
  const [turn] = await db
    .select({ id: logTurns.id })
    .from(logTurns)
    .where(and(eq(logTurns.workspaceId, ws), eq(logTurns.role, "customer"), isNull(logTurns.noise), notInArray(logTurns.id, labeled)))
    .limit(1);
  expect((await labelTurns(db, { workspaceId: ws, userId: null, kind: "chitchat", turnIds: [turn.id] })).labeled).toBe(1);
}, 120_000);

const strip = (cases: Awaited<ReturnType<typeof listCases>>) => cases.map((c) => ({ name: c.name, tags: c.tags, turns: c.turns.map((t) => t.expect) }));

describe("generating suite cases", () => {
  it("from the knowledge base: each answered FAQ's standard question and N variants, idempotent", async () => {
    const suiteId = await createSuite(db, { workspaceId: ws, name: "知识库基线" });
    await saveCase(db, { suiteId, input: { name: "手写的", tags: [BASELINE_TAG], turns: [{ text: "你好", expect: {} }] } });
    const content = await loadBotContent(db, ws);
    const { answers } = engineInputFromContent(content);
    const answered = content.faqs.filter((f) => answers.has(f.id));
    expect(answered.some((f) => f.packId)).toBe(true);

    const first = await generateSuiteCases(db, { workspaceId: ws, suiteId, from: "kb", variants: 2 });
    const cases = (await listCases(db, suiteId)).filter((c) => c.name !== "手写的");
    expect(first).toMatchObject({ cases: cases.length, created: cases.length, replaced: 0, removed: 0 });
    expect(cases.length).toBeLessThanOrEqual(answered.reduce((n, f) => n + 1 + Math.min(2, f.variants.length), 0));
    expect(cases.length).toBeGreaterThan(answered.length);
    const questions = new Set(answered.map((f) => f.question));
    for (const c of cases) {
      expect(c.tags[0]).toBe(BASELINE_TAG);
      expect(c.turns).toHaveLength(1);
      expect(c.turns[0].expect.decision).toBe("answer");
      expect(questions.has(c.turns[0].expect.faq!)).toBe(true);
    }
    // Pack questions are in the baseline, tagged as such; shadowed and disabled FAQs are not.
    const pack = answered.find((f) => f.packId)!;
    expect(cases.find((c) => c.turns[0].text === pack.question)?.tags).toContain(PACK_TAG);
    const unanswered = content.faqs.filter((f) => !answers.has(f.id));
    for (const f of unanswered) expect(cases.some((c) => c.turns[0].expect.faq === f.question && c.turns[0].text === f.question)).toBe(false);

    const before = strip(await listCases(db, suiteId));
    const again = await generateSuiteCases(db, { workspaceId: ws, suiteId, from: "kb", variants: 2 });
    expect(again).toMatchObject({ created: 0, replaced: cases.length, removed: 0 });
    expect(strip(await listCases(db, suiteId))).toEqual(before);

    // Fewer variants: the dropped variants' cases go, the hand-written case stays.
    const fewer = await generateSuiteCases(db, { workspaceId: ws, suiteId, from: "kb", variants: 0 });
    expect(fewer.cases).toBe(answered.length);
    expect(fewer.removed).toBe(cases.length - answered.length);
    expect((await listCases(db, suiteId)).map((c) => c.name)).toContain("手写的");
  });

  it("the baseline takes at most 20 variants and none below 0", async () => {
    const content = await loadBotContent(db, ws);
    const most = Math.max(...content.faqs.map((f) => f.variants.length));
    expect(baselineCases(content, 999).cases.length).toBe(baselineCases(content, Math.min(20, most)).cases.length);
    expect(baselineCases(content, -3).cases.length).toBe(baselineCases(content, 0).cases.length);
  });

  it("from the inbox labels: each labeled customer turn with its outcome, idempotent", async () => {
    const suiteId = await createSuite(db, { workspaceId: ws, name: "日志回归" });
    const labeled = await labeledQuestions(db, ws, 20000, 1);
    expect(labeled.length).toBeGreaterThan(0);
    const r = await generateSuiteCases(db, { workspaceId: ws, suiteId, from: "labels" });
    const cases = await listCases(db, suiteId);
    expect(r.created).toBe(cases.length);
    expect(cases.length + r.skipped).toBeLessThanOrEqual(labeled.length);
    for (const c of cases) expect(c.tags[0]).toBe(LABELS_TAG);
    const chitchat = labeled.find((l) => l.faqId === null)!;
    expect(cases.find((c) => c.turns[0].text === chitchat.text.trim())?.turns[0].expect).toEqual({ decision: "no_answer" });
    const answered = cases.find((c) => c.turns[0].expect.decision === "answer")!;
    expect(answered.turns[0].expect.faq).toBeTruthy();

    const before = strip(cases);
    expect(await generateSuiteCases(db, { workspaceId: ws, suiteId, from: "labels" })).toMatchObject({ created: 0, replaced: cases.length, removed: 0 });
    expect(strip(await listCases(db, suiteId))).toEqual(before);
  });
});

describe("suite coverage", () => {
  it("lists FAQs no case reaches, and FAQs only their own phrasings reach", async () => {
    const fresh = await createTestDb();
    const shop = (await seedDemo(fresh)).id;
    const { rows: before } = await suiteCoverage(fresh, shop);
    const content = await loadBotContent(fresh, shop);
    const target = content.faqs.find((f) => before.some((r) => r.id === f.id && r.status === "none") && f.variants.length)!;
    expect(target).toBeTruthy();
    const suiteId = await createSuite(fresh, { workspaceId: shop, name: "覆盖" });
    await saveCase(fresh, {
      suiteId,
      input: { name: "自己的问法", tags: [], turns: [{ text: target.variants[0], expect: { decision: "answer", faq: target.question } }] },
    });
    expect((await suiteCoverage(fresh, shop)).rows.find((r) => r.id === target.id)).toMatchObject({ status: "self", cases: 1 });
    await saveCase(fresh, {
      suiteId,
      input: { name: "顾客的话", tags: [], turns: [{ text: "这个我想再问一下嘛", expect: { decision: "clarify", clarifyContains: target.question } }] },
    });
    expect((await suiteCoverage(fresh, shop)).rows.find((r) => r.id === target.id)).toMatchObject({ status: "covered", cases: 2 });
    // The generated baseline alone reaches every FAQ, but only with its own phrasings.
    const baseline = await createSuite(fresh, { workspaceId: shop, name: "基线" });
    await generateSuiteCases(fresh, { workspaceId: shop, suiteId: baseline, from: "kb", variants: 1 });
    const after = (await suiteCoverage(fresh, shop)).rows;
    expect(after.filter((r) => r.status === "none")).toEqual([]);
    const ids = (rows: typeof after) => rows.map((r) => r.id).sort((a, b) => a - b);
    expect(ids(after.filter((r) => r.status === "covered"))).toEqual(ids([...before.filter((r) => r.status === "covered"), { ...after[0], id: target.id }]));
  }, 120_000);
});
