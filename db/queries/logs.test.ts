/**
 * Chat-log import, replay, labels and export against a real migrated database (issue 4):
 * every fixture yields the counts in expected.json, planted personal data never reaches the
 * cleaned text, labels, variants or exports, and a second import of a file writes nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { generateLargeCsv } from "../../tests/fixtures/logs/generate-large";
import { buildEngine } from "../../training/engine";
import { decide } from "../../training/policy";
import { createDb, createTestDb, type Db } from "../client";
import { logBatches, logLabels, logTurns } from "../schema";
import { insertFaqs, readDemoFaqs } from "../seed/seed";
import { loadEngineInput } from "./engine-input";
import { getFaq, listFaqs } from "./faqs";
import {
  clusterMembers,
  clusterTurnIds,
  contentHash,
  type DecideManyFn,
  exportLogTurns,
  importLogFile,
  inboxClusters,
  labelAccuracy,
  labelTurns,
  parseNoisePatterns,
  queueCounts,
  replayTurns,
  sessionContext,
  setNoisePatterns,
  undoLabels,
} from "./logs";
import { createWorkspace } from "./workspaces";

const FIX = path.resolve(__dirname, "../../tests/fixtures/logs");
const expected = JSON.parse(fs.readFileSync(path.join(FIX, "expected.json"), "utf8")) as Record<
  string,
  {
    read: number;
    imported: number;
    duplicates: number;
    noise: number;
    rejected: number;
    masked: Record<string, number>;
    turns: { imported: number; noise: number };
    rejectedRows?: { row: number; reason: string }[];
  }
>;
const planted = JSON.parse(fs.readFileSync(path.join(FIX, "pii-planted.json"), "utf8")) as { kind: string; value: string; fragments: string[] }[];
const FILES = ["qianniu-utf8.txt", "chats.csv", "chats-gbk.csv", "chats.xlsx", "chats.jsonl", "malformed.csv", "pii.csv"];
const read = (f: string) => new Uint8Array(fs.readFileSync(path.join(FIX, f)));

let db: Db;
let ws: number;

beforeEach(async () => {
  db = await createTestDb();
  ws = (await createWorkspace(db, { slug: "shop", name: "店" })).id;
});

async function count(table: typeof logTurns | typeof logBatches | typeof logLabels, workspaceId = ws) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .where(eq(table.workspaceId, workspaceId));
  return n;
}

function leaks(text: string) {
  const found: string[] = [];
  for (const p of planted) for (const f of p.fragments) if (text.includes(f)) found.push(`${p.kind}:${f}`);
  return found;
}

describe("import", () => {
  for (const file of FILES) {
    it(`${file}: the expected counts, every turn stored, a second import writes nothing`, async () => {
      const exp = expected[file];
      const first = await importLogFile(db, { workspaceId: ws, userId: null, fileName: file, data: read(file) });
      expect(first.existing).toBe(false);
      const r = first.report;
      expect({ read: r.read, imported: r.imported, duplicates: r.duplicates, noise: r.noise, rejected: r.rejected }).toEqual({
        read: exp.read,
        imported: exp.imported,
        duplicates: exp.duplicates,
        noise: exp.noise,
        rejected: exp.rejected,
      });
      expect(r.read).toBe(r.imported + r.duplicates + r.noise + r.rejected);
      // The noise reasons add up to the 无效消息 figure (issue 15 item 8).
      expect(Object.values(r.noiseReasons).reduce((a, n) => a + n, 0)).toBe(r.noise);
      expect(r.masked).toEqual(exp.masked);
      expect(await count(logTurns)).toBe(exp.turns.imported + exp.turns.noise);
      const [{ noise }] = await db
        .select({ noise: sql<number>`count(*)` })
        .from(logTurns)
        .where(and(eq(logTurns.workspaceId, ws), sql`${logTurns.noise} is not null`));
      expect(noise).toBe(exp.turns.noise);
      if (exp.rejectedRows) {
        // The stored reasons say more than the fixture's short form ("unclosed quote").
        expect(r.errors.map((e) => e.row)).toEqual(exp.rejectedRows.map((e) => e.row));
        r.errors.forEach((e, i) => expect(e.message).toContain(exp.rejectedRows![i].reason));
      }
      const batch = (await db.query.logBatches.findFirst({ where: eq(logBatches.id, first.batchId) }))!;
      expect(batch.status).toBe("done");
      expect(batch.contentHash).toMatch(/^[0-9a-f]{64}$/);

      const turnsBefore = await count(logTurns);
      const again = await importLogFile(db, { workspaceId: ws, userId: null, fileName: `renamed-${file}`, data: read(file) });
      expect(again.existing).toBe(true);
      expect(again.batchId).toBe(first.batchId);
      expect(again.report.read).toBe(exp.read);
      expect(await count(logTurns)).toBe(turnsBefore);
      expect(await count(logBatches)).toBe(1);
    });
  }

  it("detects the GBK encoding and keeps the raw text apart from the cleaned one", async () => {
    const r = await importLogFile(db, { workspaceId: ws, userId: null, fileName: "chats-gbk.csv", data: read("chats-gbk.csv") });
    expect(r.encoding).toBe("gb18030");
    const rows = await db.select({ raw: logTurns.rawText, text: logTurns.text }).from(logTurns).where(eq(logTurns.workspaceId, ws));
    expect(rows.every((x) => x.raw.length > 0)).toBe(true);
    expect(rows.some((x) => /[\u4e00-\u9fff]/.test(x.text))).toBe(true);
  });

  it("masks every planted personal value: not in the cleaned text, not in the batch report, not in exports", async () => {
    const r = await importLogFile(db, { workspaceId: ws, userId: null, fileName: "pii.csv", data: read("pii.csv") });
    const rows = await db.select({ text: logTurns.text, raw: logTurns.rawText, key: logTurns.normKey }).from(logTurns).where(eq(logTurns.workspaceId, ws));
    expect(rows.length).toBe(20);
    for (const row of rows) {
      expect(leaks(row.text)).toEqual([]);
      expect(leaks(row.key)).toEqual([]);
    }
    // The raw text is kept (admins only): the planted values are really there.
    expect(rows.flatMap((x) => leaks(x.raw)).length).toBeGreaterThan(10);
    expect(leaks(JSON.stringify(r.report))).toEqual([]);
    let out = "";
    for await (const page of exportLogTurns(db, { workspaceId: ws })) for (const t of page) out += `${JSON.stringify(t)}\n`;
    expect(out.split("\n").filter(Boolean).length).toBe(20);
    expect(leaks(out)).toEqual([]);
  });

  it("counts rows already imported by another batch as duplicates and stores each turn once", async () => {
    const a = await importLogFile(db, { workspaceId: ws, userId: null, fileName: "chats.csv", data: read("chats.csv") });
    const n = await count(logTurns);
    // Same rows, different bytes (an extra blank line at the end): a new batch of duplicates.
    const bytes = Buffer.concat([Buffer.from(read("chats.csv")), Buffer.from("\r\n")]);
    const b = await importLogFile(db, { workspaceId: ws, userId: null, fileName: "chats-again.csv", data: new Uint8Array(bytes) });
    expect(b.existing).toBe(false);
    expect(b.batchId).not.toBe(a.batchId);
    expect(b.report.read).toBe(a.report.read);
    expect(b.report.duplicates).toBe(a.report.read - a.report.rejected);
    expect(b.report.imported).toBe(0);
    expect(await count(logTurns)).toBe(n);
  });

  it("is transactional: a file-level failure leaves no batch and no turn", async () => {
    await expect(
      importLogFile(db, { workspaceId: ws, userId: null, fileName: "chats.csv", data: read("chats.csv"), mapping: { text: "没有这一列" } }),
    ).rejects.toThrow();
    expect(await count(logBatches)).toBe(0);
    expect(await count(logTurns)).toBe(0);
  });

  it("applies a column mapping (--map) over the guess", async () => {
    const csv = "对话,发言人,说了什么,发生时间\nA1,买家,这件衣服起球吗,2024-05-01 10:00:00\nA1,客服,不会起球的亲,2024-05-01 10:00:30\n";
    const r = await importLogFile(db, {
      workspaceId: ws,
      userId: null,
      fileName: "custom.csv",
      data: new Uint8Array(Buffer.from(csv)),
      mapping: { session: "对话", role: "发言人", text: "说了什么", time: "发生时间" },
    });
    expect(r.report.imported).toBe(2);
    const rows = await db.select({ s: logTurns.sessionKey, role: logTurns.role, time: logTurns.time }).from(logTurns).where(eq(logTurns.workspaceId, ws));
    expect(rows.map((x) => x.role).sort()).toEqual(["agent", "customer"]);
    expect(rows.every((x) => x.s === "A1" && typeof x.time === "number")).toBe(true);
  });
});

describe("replay, inbox, labels", () => {
  async function seedKb() {
    await insertFaqs(db, ws, readDemoFaqs(), null);
  }

  it("replays with identical texts decided once and stores decision, FAQ and confidence", async () => {
    await seedKb();
    await importLogFile(db, { workspaceId: ws, userId: null, fileName: "chats.csv", data: read("chats.csv") });
    const seen: string[] = [];
    const faq = (await listFaqs(db, { workspaceId: ws, pageSize: 5 })).rows[0];
    const fake: DecideManyFn = async (texts) => {
      seen.push(...texts);
      return texts.map((t) =>
        t.includes("码") ? { decision: "answer", faqId: faq.id, confidence: 0.9 } : { decision: "no_answer", faqId: null, confidence: 0.1 },
      );
    };
    const r = await replayTurns(db, { workspaceId: ws, decide: fake });
    expect(new Set(seen).size).toBe(seen.length);
    const [{ customer }] = await db
      .select({ customer: sql<number>`count(*)` })
      .from(logTurns)
      .where(and(eq(logTurns.workspaceId, ws), eq(logTurns.role, "customer"), sql`${logTurns.noise} is null`));
    expect(r.turns).toBe(customer);
    const answered = await db
      .select({ text: logTurns.text, faqId: logTurns.faqId, d: logTurns.decision })
      .from(logTurns)
      .where(and(eq(logTurns.workspaceId, ws), eq(logTurns.decision, "answer")));
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((a) => a.text.includes("码") && a.faqId === faq.id)).toBe(true);
    // Re-running after a change updates the stored decisions.
    await replayTurns(db, { workspaceId: ws, decide: async (texts) => texts.map(() => ({ decision: "clarify", faqId: null, confidence: 0.4 })) });
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)` })
      .from(logTurns)
      .where(and(eq(logTurns.workspaceId, ws), eq(logTurns.decision, "answer")));
    expect(n).toBe(0);
  });

  it("a shop's noise rule takes imported lines out of the inbox at once and applies to later imports (issue 15 item 9)", async () => {
    const data = (s: string) => Buffer.from(["会话ID,角色,内容", `${s}1,顾客,【店铺公告】春装上新`, `${s}1,顾客,有白色吗`].join("\n"), "utf8");
    await importLogFile(db, { workspaceId: ws, userId: null, fileName: "a.csv", data: data("a") });
    await replayTurns(db, { workspaceId: ws, decide: async (texts) => texts.map(() => ({ decision: "no_answer", faqId: null, confidence: 0.1 })) });
    const view = { workspaceId: ws, queue: "unmatched" as const, answerThreshold: 0.7 };
    expect((await inboxClusters(db, view)).map((c) => c.representative)).toHaveLength(2);
    expect(() => parseNoisePatterns("好的\n/([/")).toThrow(
      expect.objectContaining({ code: "NOISE_PATTERN_INVALID", params: expect.objectContaining({ line: 2 }) }),
    );
    const r = await setNoisePatterns(db, { workspaceId: ws, userId: null, patterns: parseNoisePatterns("店铺公告") });
    expect(r).toMatchObject({ marked: 1, unmarked: 0 });
    expect((await inboxClusters(db, view)).map((c) => c.representative)).toEqual(["有白色吗"]);
    const b = await importLogFile(db, { workspaceId: ws, userId: null, fileName: "b.csv", data: data("b") });
    expect(b.report.noiseReasons).toEqual({ "workspace rule": 1 });
    // Removing the rule gives the lines back.
    expect(await setNoisePatterns(db, { workspaceId: ws, userId: null, patterns: [] })).toMatchObject({ marked: 0, unmarked: 2 });
  });

  it("labels exactly the turns the inbox row counts under its filters, not the question everywhere (issue 15 item 7)", async () => {
    const file = (n: number, s: string) =>
      Buffer.from(["会话ID,角色,内容", ...Array.from({ length: n }, (_, i) => `${s}${i},顾客,没了 谢谢`)].join("\n"), "utf8");
    const a = await importLogFile(db, { workspaceId: ws, userId: null, fileName: "a.csv", data: file(13, "a") });
    await importLogFile(db, { workspaceId: ws, userId: null, fileName: "b.csv", data: file(16, "b") });
    await replayTurns(db, { workspaceId: ws, decide: async (texts) => texts.map(() => ({ decision: "no_answer", faqId: null, confidence: 0.1 })) });
    const view = { workspaceId: ws, queue: "unmatched" as const, answerThreshold: 0.7, batchId: a.batchId };
    const [row] = await inboxClusters(db, view);
    expect(row.count).toBe(13);
    expect(await clusterTurnIds(db, { ...view, keys: row.keys })).toHaveLength(13);
    expect(await clusterTurnIds(db, { ...view, batchId: undefined, keys: row.keys })).toHaveLength(29);
  });

  it("labels a cluster as a variant through the FAQ checks, the real engine then answers it, and undo takes it back", async () => {
    await seedKb();
    await importLogFile(db, { workspaceId: ws, userId: null, fileName: "chats.csv", data: read("chats.csv") });
    const input = await loadEngineInput(db, ws);
    const engine = await buildEngine(input.kb, { parallel: false });
    const decideMany: DecideManyFn = async (texts) =>
      texts.map((t) => {
        const d = decide(engine, t, { turns: [] }, { maxFailures: 0, followUp: false });
        return { decision: d.decision, faqId: d.faqId === null ? null : Number(d.faqId), confidence: d.confidence };
      });
    await replayTurns(db, { workspaceId: ws, decide: decideMany });
    const threshold = engine.calibration.answerThreshold;
    const clusters = await inboxClusters(db, { workspaceId: ws, queue: "unmatched", answerThreshold: threshold });
    expect(clusters.length).toBeGreaterThan(0);
    const counts = await queueCounts(db, { workspaceId: ws, answerThreshold: threshold });
    expect(counts.unmatched).toBe(clusters.reduce((s, c) => s + c.count, 0));
    const target = clusters[0];
    const members = await clusterMembers(db, { workspaceId: ws, queue: "unmatched", answerThreshold: threshold, keys: target.keys });
    expect(members.total).toBe(target.count);
    expect(members.rows.every((m) => !("rawText" in m))).toBe(true);
    const ctx = await sessionContext(db, { workspaceId: ws, turnId: members.rows[0].id });
    expect(ctx!.turns.some((t) => t.current)).toBe(true);

    // An FAQ that does not answer this question yet: "什么时候发货".
    const ship = (await listFaqs(db, { workspaceId: ws, q: "发货", pageSize: 5 })).rows[0];
    const turnIds = await clusterTurnIds(db, { workspaceId: ws, queue: "unmatched", answerThreshold: threshold, keys: target.keys });
    const r = await labelTurns(db, { workspaceId: ws, userId: null, kind: "variant", faqId: ship.id, turnIds });
    expect(r.labeled).toBe(target.count);
    expect(r.addedVariants.length + r.skipped.length).toBeGreaterThan(0);
    const after = (await getFaq(db, { workspaceId: ws, id: ship.id }))!;
    for (const v of r.addedVariants) expect(after.variants).toContain(v);
    const labels = await db.select().from(logLabels).where(eq(logLabels.workspaceId, ws));
    expect(labels.length).toBe(target.count);
    expect(labels.every((l) => l.kind === "variant" && l.faqId === ship.id && l.correct === false && l.botDecision !== null)).toBe(true);
    // Labeled turns leave the queue.
    const left = await inboxClusters(db, { workspaceId: ws, queue: "unmatched", answerThreshold: threshold });
    expect(left.find((c) => c.id === target.id)).toBeUndefined();

    if (r.addedVariants.length) {
      const engine2 = await buildEngine((await loadEngineInput(db, ws)).kb, { parallel: false });
      const d = decide(engine2, r.addedVariants[0], { turns: [] }, { maxFailures: 0 });
      expect(d.faqId).toBe(String(ship.id));
    }

    const undo = await undoLabels(db, { workspaceId: ws, userId: null, actionId: r.actionId });
    expect(undo.undone).toBe(target.count);
    expect(undo.removedVariants.sort()).toEqual([...r.addedVariants].sort());
    const restored = (await getFaq(db, { workspaceId: ws, id: ship.id }))!;
    expect(restored.variants).toEqual((await getFaq(db, { workspaceId: ws, id: ship.id }))!.variants);
    for (const v of r.addedVariants) expect(restored.variants).not.toContain(v);
    const back = await inboxClusters(db, { workspaceId: ws, queue: "unmatched", answerThreshold: threshold });
    expect(back.find((c) => c.id === target.id)?.count).toBe(target.count);
  });

  it("never puts a masked value into a label or a variant", async () => {
    await seedKb();
    await importLogFile(db, { workspaceId: ws, userId: null, fileName: "pii.csv", data: read("pii.csv") });
    await replayTurns(db, { workspaceId: ws, decide: async (texts) => texts.map(() => ({ decision: "no_answer", faqId: null, confidence: 0 })) });
    const turnIds = (
      await db
        .select({ id: logTurns.id })
        .from(logTurns)
        .where(and(eq(logTurns.workspaceId, ws), eq(logTurns.role, "customer")))
    ).map((t) => t.id);
    const faq = (await listFaqs(db, { workspaceId: ws, q: "退货", pageSize: 5 })).rows[0];
    const r = await labelTurns(db, { workspaceId: ws, userId: null, kind: "variant", faqId: faq.id, turnIds });
    expect(r.labeled).toBe(turnIds.length);
    const after = (await getFaq(db, { workspaceId: ws, id: faq.id }))!;
    expect(leaks(JSON.stringify(after))).toEqual([]);
    const labels = await db.select().from(logLabels).where(eq(logLabels.workspaceId, ws));
    expect(leaks(JSON.stringify(labels))).toEqual([]);
    let out = "";
    for await (const page of exportLogTurns(db, { workspaceId: ws })) out += JSON.stringify(page);
    expect(out).toContain('"label":"variant"');
    expect(leaks(out)).toEqual([]);
  });

  it("computes precision of answered turns and coverage of unmatched ones from labels", async () => {
    await seedKb();
    await importLogFile(db, { workspaceId: ws, userId: null, fileName: "chats.csv", data: read("chats.csv") });
    const faqId = (await listFaqs(db, { workspaceId: ws, pageSize: 5 })).rows[0].id;
    let i = 0;
    await replayTurns(db, {
      workspaceId: ws,
      decide: async (texts) =>
        texts.map(() => (i++ % 2 ? { decision: "answer", faqId, confidence: 0.9 } : { decision: "no_answer", faqId: null, confidence: 0.1 })),
    });
    const ids = async (decision: string) =>
      (
        await db
          .select({ id: logTurns.id })
          .from(logTurns)
          .where(and(eq(logTurns.workspaceId, ws), eq(logTurns.decision, decision as "answer")))
      ).map((t) => t.id);
    const answered = await ids("answer");
    const unmatched = await ids("no_answer");
    await labelTurns(db, { workspaceId: ws, userId: null, kind: "correct", turnIds: answered.slice(0, 3) });
    await labelTurns(db, { workspaceId: ws, userId: null, kind: "wrong", faqId, turnIds: answered.slice(3, 4) });
    await labelTurns(db, { workspaceId: ws, userId: null, kind: "chitchat", turnIds: unmatched.slice(0, 1) });
    await labelTurns(db, { workspaceId: ws, userId: null, kind: "ignore", turnIds: unmatched.slice(1, 2) });
    await labelTurns(db, { workspaceId: ws, userId: null, kind: "wrong", faqId, turnIds: unmatched.slice(2, 3) });
    const acc = await labelAccuracy(db, { workspaceId: ws });
    expect(acc).toMatchObject({ answeredReviewed: 4, answeredCorrect: 3, precision: 0.75, unmatchedLabeled: 2, unmatchedCovered: 1, coverage: 0.5 });
  });
});

describe("a large import does not lock the studio", () => {
  let dir: string;
  let a: Db;
  let b: Db;
  let shop: number;
  const data = new TextEncoder().encode("\ufeff" + generateLargeCsv(9000, 7));

  beforeEach(async () => {
    // A file database and two clients: the importer, and a trainer working at the same time.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-logs-lock-"));
    const url = `file:${path.join(dir, "kb.db")}`;
    a = await createTestDb(url);
    b = createDb(url);
    shop = (await createWorkspace(a, { slug: "big", name: "大店" })).id;
  });

  afterEach(() => {
    a.$client.close();
    b.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const countIn = async (d: Db, table: typeof logTurns | typeof logBatches) =>
    (
      await d
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .where(eq(table.workspaceId, shop))
    )[0].n;

  const visible = async (d: Db) => ({
    clusters: (await inboxClusters(d, { workspaceId: shop, queue: "unmatched", answerThreshold: 0.5 })).length,
    counts: await queueCounts(d, { workspaceId: shop, answerThreshold: 0.5, batchId: undefined }),
  });

  it("commits in chunks: another connection saves an FAQ mid-import, and sees none of the batch until it is done", async () => {
    let during: Awaited<ReturnType<typeof visible>> | null = null;
    const r = await importLogFile(a, {
      workspaceId: shop,
      userId: null,
      fileName: "big.csv",
      data,
      onProgress: async () => {
        if (during) return;
        // The importer waits for this callback between two chunks: with one long transaction
        // the write below would wait for the lock until SQLITE_BUSY.
        await insertFaqs(
          b,
          shop,
          [{ category: "物流问题", question: "导入时新建的问题", answer: "可以", variants: ["导入中也能保存吗"], keywords: [], related: [] }],
          null,
        );
        during = await visible(b);
        const [{ n }] = await b
          .select({ n: sql<number>`count(*)` })
          .from(logTurns)
          .where(eq(logTurns.workspaceId, shop));
        expect(n, "the first chunk is committed").toBeGreaterThan(0);
      },
    });
    expect(during).toEqual({ clusters: 0, counts: { unmatched: 0, near: 0, sample: 0 } });
    expect(r.report.imported).toBeGreaterThan(5000);
    expect((await listFaqs(a, { workspaceId: shop })).rows.map((f) => f.question)).toEqual(["导入时新建的问题"]);
    const after = await visible(b);
    expect(after.clusters).toBeGreaterThan(0);
    expect(after.counts.unmatched).toBeGreaterThan(0);
  }, 60_000);

  it("deletes what a failed import wrote, and the same file imports afterwards", async () => {
    let calls = 0;
    await expect(
      importLogFile(a, {
        workspaceId: shop,
        userId: null,
        fileName: "big.csv",
        data,
        onProgress: () => {
          if (++calls === 2) throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(await countIn(a, logTurns)).toBe(0);
    expect(await countIn(a, logBatches)).toBe(0);
    const r = await importLogFile(a, { workspaceId: shop, userId: null, fileName: "big.csv", data });
    expect(r.existing).toBe(false);
    expect(await countIn(a, logTurns)).toBe(r.report.turnsWritten);
  }, 60_000);

  it("replaces a batch left running by a crash, and refuses a second import of a file being imported", async () => {
    const hash = contentHash(data);
    const [stale] = await a
      .insert(logBatches)
      .values({ workspaceId: shop, fileName: "big.csv", contentHash: hash, format: "csv", status: "running", report: { heartbeatAt: Date.now() - 5 * 60_000 } })
      .returning();
    await a.insert(logTurns).values({
      workspaceId: shop,
      batchId: stale.id,
      sessionKey: "s",
      seq: 1,
      role: "customer",
      rawText: "半截",
      text: "半截",
      normKey: "半截",
      hash: "crash-1",
    });
    expect((await visible(a)).clusters, "a running batch is invisible").toBe(0);
    const r = await importLogFile(a, { workspaceId: shop, userId: null, fileName: "big.csv", data });
    expect(r.batchId).not.toBe(stale.id);
    expect(await a.select().from(logTurns).where(eq(logTurns.hash, "crash-1"))).toEqual([]);

    await a.delete(logBatches).where(eq(logBatches.id, r.batchId));
    await a
      .insert(logBatches)
      .values({ workspaceId: shop, fileName: "big.csv", contentHash: hash, format: "csv", status: "running", report: { heartbeatAt: Date.now() } });
    await expect(importLogFile(a, { workspaceId: shop, userId: null, fileName: "big.csv", data })).rejects.toMatchObject({ code: "BATCH_BUSY" });
  }, 60_000);
});
