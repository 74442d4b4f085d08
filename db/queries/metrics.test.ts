/**
 * Every overview number against an independent SQL query (issue 12), on a workspace with known
 * counts: API sessions with every transfer reason and a direct transfer, simulator and suite
 * turns (never counted), an imported log with noise turns, an unreplayed turn and labels (one
 * undone, one "ignore"), and turns outside the range.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { createTestDb, type Db } from "../client";
import { botSessions, botTurns, logBatches, logLabels, logTurns } from "../schema";
import { insertFaqs, readDemoFaqs } from "../seed/seed";
import { listFaqs } from "./faqs";
import { dailyTrend, dayStart, drillSessions, drillTurns, faqHealth, type MetricScope, overview, TRANSFER_REASONS } from "./metrics";
import { createWorkspace } from "./workspaces";

let db: Db;
let wsId: number;
let faqA: number;
const FROM = dayStart("2026-11-01");
const TO = dayStart("2026-11-08");
const IN = (day: number, minute = 0) => FROM + day * 86400_000 + 3600_000 * 10 + minute * 60_000;

type D = "answer" | "clarify" | "no_answer" | "transfer";
async function apiSession(channel: "api" | "simulator" | "suite", ext: string, turns: [D, string | null][], at: number) {
  const [s] = await db.insert(botSessions).values({ workspaceId: wsId, channel, externalId: ext, createdAt: at }).returning();
  let i = 0;
  for (const [decision, reason] of turns)
    await db.insert(botTurns).values({
      workspaceId: wsId,
      sessionId: s.id,
      text: `${ext} 第${i}句`,
      decision,
      reason,
      faqId: decision === "answer" ? faqA : null,
      confidence: 0.9,
      createdAt: at + i++ * 1000,
    });
}

beforeAll(async () => {
  db = await createTestDb();
  wsId = (await createWorkspace(db, { slug: "metrics-shop", name: "指标店" })).id;
  await insertFaqs(db, wsId, readDemoFaqs().slice(0, 3), null);
  faqA = (await listFaqs(db, { workspaceId: wsId })).rows[0].id;
  // API: 6 sessions in range.
  await apiSession(
    "api",
    "s1",
    [
      ["answer", null],
      ["answer", null],
    ],
    IN(0),
  );
  await apiSession("api", "s2", [["transfer", "human_requested"]], IN(1)); // direct
  await apiSession(
    "api",
    "s3",
    [
      ["no_answer", null],
      ["no_answer", null],
      ["transfer", "repeated_failure"],
    ],
    IN(2),
  );
  await apiSession(
    "api",
    "s4",
    [
      ["answer", null],
      ["transfer", "negative_emotion"],
      ["transfer", "human_requested"],
    ],
    IN(3),
  );
  await apiSession(
    "api",
    "s5",
    [
      ["clarify", null],
      ["answer", null],
      ["transfer", "sensitive_keyword"],
    ],
    IN(4),
  );
  await apiSession("api", "s6", [["clarify", null]], IN(6, 30));
  // Outside the range and other channels: never counted.
  await apiSession("api", "old", [["transfer", "human_requested"]], FROM - 3600_000);
  await apiSession("api", "late", [["answer", null]], TO);
  await apiSession(
    "simulator",
    "sim",
    [
      ["transfer", "human_requested"],
      ["answer", null],
    ],
    IN(1),
  );
  await apiSession("suite", "suite", [["no_answer", null]], IN(1));
  // An imported log: two sessions, noise and an unreplayed turn.
  const [b] = await db
    .insert(logBatches)
    .values({ workspaceId: wsId, fileName: "x.csv", contentHash: "h", format: "csv", status: "done", createdAt: IN(0) })
    .returning();
  let n = 0;
  const lt = async (session: string, role: "customer" | "agent", decision: D | null, noise: string | null = null) => {
    const [r] = await db
      .insert(logTurns)
      .values({
        workspaceId: wsId,
        batchId: b.id,
        sessionKey: session,
        seq: n,
        role,
        time: IN(5, n),
        rawText: `t${n}`,
        text: `t${n}`,
        noise,
        hash: `h${n++}`,
        decision,
        faqId: decision === "answer" ? faqA : null,
        confidence: 0.8,
      })
      .returning();
    return r.id;
  };
  const l1 = await lt("L1", "customer", "answer");
  await lt("L1", "agent", null);
  const l2 = await lt("L1", "customer", "answer");
  await lt("L1", "customer", "no_answer", "emoji");
  const l3 = await lt("L2", "customer", "transfer"); // direct, reason unknown
  const l4 = await lt("L2", "customer", "clarify");
  await lt("L2", "customer", null); // not replayed
  const label = (turnId: number, kind: "correct" | "wrong" | "transfer" | "ignore", botDecision: D, correct: boolean | null, undone = false) =>
    db.insert(logLabels).values({ workspaceId: wsId, turnId, kind, botDecision, correct, botFaqId: faqA, createdAt: IN(6), undoneAt: undone ? IN(6) : null });
  await label(l1, "correct", "answer", true);
  await label(l2, "wrong", "answer", false);
  await label(l2, "correct", "answer", true, true); // undone
  await label(l3, "ignore", "transfer", null);
  await label(l4, "transfer", "clarify", null);
});

/** The independent computation: correlated subqueries over the raw tables, no shared SQL. */
async function reference(channel: "all" | "api" | "logs") {
  const api = channel !== "logs";
  const logs = channel !== "api";
  const one = async (q: ReturnType<typeof sql>) => Number((await db.all<{ n: number }>(q))[0].n);
  const apiTurns = (extra: ReturnType<typeof sql>) =>
    api
      ? one(sql`select count(*) as n from bot_turns t where t.workspace_id = ${wsId} and t.created_at >= ${FROM} and t.created_at < ${TO}
          and (select channel from bot_sessions where id = t.session_id) = 'api' and ${extra}`)
      : Promise.resolve(0);
  const logTurnsN = (extra: ReturnType<typeof sql>) =>
    logs
      ? one(sql`select count(*) as n from log_turns t where t.workspace_id = ${wsId} and t.role = 'customer' and t.noise is null
          and t.decision is not null and t.time >= ${FROM} and t.time < ${TO} and ${extra}`)
      : Promise.resolve(0);
  const turns = async (extra: ReturnType<typeof sql>) => (await apiTurns(extra)) + (await logTurnsN(extra));
  const apiSess = (extra: ReturnType<typeof sql>) =>
    api
      ? one(sql`select count(*) as n from bot_sessions s where s.workspace_id = ${wsId} and s.channel = 'api'
          and exists (select 1 from bot_turns t where t.session_id = s.id and t.created_at >= ${FROM} and t.created_at < ${TO}) and ${extra}`)
      : Promise.resolve(0);
  const logSess = (extra: ReturnType<typeof sql>) =>
    logs
      ? one(sql`select count(*) as n from (select distinct batch_id, session_key from log_turns where workspace_id = ${wsId}
          and role = 'customer' and noise is null and decision is not null and time >= ${FROM} and time < ${TO}) s where ${extra}`)
      : Promise.resolve(0);
  const firstApi = sql`(select t.id from bot_turns t where t.session_id = s.id and t.created_at >= ${FROM} and t.created_at < ${TO} order by t.created_at, t.id limit 1)`;
  const firstApiTransfer = sql`(select t.id from bot_turns t where t.session_id = s.id and t.decision = 'transfer' and t.created_at >= ${FROM} and t.created_at < ${TO} order by t.created_at, t.id limit 1)`;
  const logValid = sql`lt.batch_id = s.batch_id and lt.session_key = s.session_key and lt.role = 'customer' and lt.noise is null and lt.decision is not null`;
  const total = await turns(sql`1`);
  const sessions = (await apiSess(sql`1`)) + (await logSess(sql`1`));
  const transferred =
    (await apiSess(
      sql`exists (select 1 from bot_turns t where t.session_id = s.id and t.decision = 'transfer' and t.created_at >= ${FROM} and t.created_at < ${TO})`,
    )) + (await logSess(sql`exists (select 1 from log_turns lt where ${logValid} and lt.decision = 'transfer')`));
  const direct =
    (await apiSess(sql`(select decision from bot_turns where id = ${firstApi}) = 'transfer'`)) +
    (await logSess(sql`(select lt.decision from log_turns lt where ${logValid} order by lt.seq limit 1) = 'transfer'`));
  const byReason: Record<string, number> = {};
  for (const r of TRANSFER_REASONS)
    byReason[r] =
      r === "unknown"
        ? await logSess(sql`exists (select 1 from log_turns lt where ${logValid} and lt.decision = 'transfer')`)
        : await apiSess(sql`(select reason from bot_turns where id = ${firstApiTransfer}) = ${r}`);
  const lab = (extra: ReturnType<typeof sql>) =>
    logs
      ? one(sql`select count(*) as n from log_labels l join log_turns t on t.id = l.turn_id where l.workspace_id = ${wsId}
          and l.undone_at is null and l.kind != 'ignore' and t.noise is null and t.role = 'customer' and t.decision is not null
          and t.time >= ${FROM} and t.time < ${TO} and ${extra}`)
      : Promise.resolve(0);
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);
  const labeled = await lab(sql`l.bot_decision = 'answer' and l.correct is not null`);
  const correct = await lab(sql`l.bot_decision = 'answer' and l.correct = 1`);
  return {
    turns: total,
    sessions,
    hitRate: pct(await turns(sql`t.decision = 'answer'`), total),
    clarifyRate: pct(await turns(sql`t.decision = 'clarify'`), total),
    noAnswerRate: pct(await turns(sql`t.decision = 'no_answer'`), total),
    transferRate: pct(transferred, sessions),
    directTransferRate: pct(direct, sessions),
    containmentRate: pct(sessions - transferred, sessions),
    transferByReason: Object.fromEntries(Object.entries(byReason).map(([k, v]) => [k, pct(v, sessions)])),
    labeled,
    labeledAccuracy: pct(correct, labeled),
    labels: await lab(sql`1`),
    shouldTransfer: await lab(sql`l.kind = 'transfer'`),
  };
}

describe("overview", () => {
  for (const channel of ["all", "api", "logs"] as const)
    it(`equals the independent SQL (${channel})`, async () => {
      const scope: MetricScope = { workspaceId: wsId, from: FROM, to: TO, channel };
      const o = await overview(db, scope);
      const ref = await reference(channel);
      expect({
        turns: o.turns,
        sessions: o.sessions,
        hitRate: o.hit.pct,
        clarifyRate: o.clarify.pct,
        noAnswerRate: o.noAnswer.pct,
        transferRate: o.transfer.pct,
        directTransferRate: o.directTransfer.pct,
        containmentRate: o.containment.pct,
        transferByReason: Object.fromEntries(Object.entries(o.transferByReason).map(([k, v]) => [k, v.pct])),
        labeled: o.accuracy.den,
        labeledAccuracy: o.accuracy.pct,
        labels: o.labels,
        shouldTransfer: o.shouldTransfer.num,
      }).toEqual(ref);
    });

  it("has the known counts of the fixture", async () => {
    const o = await overview(db, { workspaceId: wsId, from: FROM, to: TO });
    // API 13 turns + logs 4 valid replayed customer turns; 6 + 2 sessions.
    expect(o.turns).toBe(17);
    expect(o.sessions).toBe(8);
    expect(o.transfer.num).toBe(5); // s2 s3 s4 s5 + L2
    expect(o.directTransfer.num).toBe(2); // s2 + L2
    expect(o.transferByReason.human_requested.num).toBe(1); // s4's first transfer is negative_emotion
    expect(o.transferByReason.negative_emotion.num).toBe(1);
    expect(o.transferByReason.unknown.num).toBe(1);
    expect(o.containment.num).toBe(3);
    expect(o.accuracy).toMatchObject({ num: 1, den: 2, pct: 50 });
    expect(o.accuracy.interval![0]).toBeLessThan(50);
    expect(o.labels).toBe(3);
  });

  it("drill-downs list exactly the counted sessions and turns", async () => {
    const scope = { workspaceId: wsId, from: FROM, to: TO, page: 1, pageSize: 50 };
    const o = await overview(db, scope);
    const tr = await drillSessions(db, { ...scope, filter: "transfer" });
    expect(tr.total).toBe(o.transfer.num);
    expect(tr.rows.length).toBe(o.transfer.num);
    expect((await drillSessions(db, { ...scope, filter: "direct" })).total).toBe(o.directTransfer.num);
    expect((await drillSessions(db, { ...scope, filter: "transfer", reason: "repeated_failure" })).rows.map((r) => r.firstText)).toEqual(["s3 第0句"]);
    expect((await drillTurns(db, { ...scope, filter: "answer" })).total).toBe(o.hit.num);
    expect((await drillTurns(db, { ...scope, filter: "all" })).total).toBe(o.turns);
  });

  it("trend and FAQ health agree with the overview", async () => {
    const scope = { workspaceId: wsId, from: FROM, to: TO };
    const days = await dailyTrend(db, scope);
    expect(days).toHaveLength(7);
    expect(days.reduce((a, d) => a + d.turns, 0)).toBe(17);
    expect(days.reduce((a, d) => a + d.sessions, 0)).toBe(8);
    const h = (await faqHealth(db, { ...scope, faqId: faqA }))[0];
    expect(h.hits).toBe((await overview(db, scope)).hit.num);
    expect(h.transfersAfter).toBe(2); // s4 (next turn), s5 (next turn)
    expect(h.wrongLabels).toBe(1);
  });
});
