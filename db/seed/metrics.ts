/**
 * 60 days of plausible traffic for the demo shop (issue 12), so that a newcomer's dashboard is
 * alive: API sessions whose stored turns match the demo FAQs (answers on their variants,
 * suggestions, fallbacks, transfers of every reason, some on the first turn), knowledge changes
 * in the audit log on the days the hit rate improves, and one imported chat-log batch with
 * noise and trainers' labels. Deterministic (a seeded PRNG) and idempotent: it writes nothing
 * when the workspace already has API sessions. Off when KB_DEMO_HISTORY=0 (the test servers).
 */
import { and, eq, sql } from "drizzle-orm";

import { normalizeKey } from "../../training/normalize";
import type { Db } from "../client";
import { auditLog, botSessions, botTurns, faqs, logBatches, logLabels, logTurns } from "../schema";

const DAYS = 60;
const DAY = 24 * 3600 * 1000;

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const UNANSWERED = ["能开发票吗", "你们有实体店吗", "可以货到付款吗", "羽绒服什么时候上新", "衣服起球怎么办", "能寄到国外吗", "有没有儿童款", "会员积分怎么用"];
const TRANSFERS: [string, string][] = [
  ["转人工", "human_requested"],
  ["我要找人工客服", "human_requested"],
  ["太差了你们这什么破店", "negative_emotion"],
  ["我要投诉", "negative_emotion"],
  ["穿了过敏起疹子了", "sensitive_keyword"],
  ["我要去12315举报", "sensitive_keyword"],
];
const CHITCHAT = ["哈哈", "[表情]", "。。。", "嗯"];

export async function seedMetricsHistory(db: Db, workspaceId: number, opts: { now?: number } = {}) {
  if (process.env.KB_DEMO_HISTORY === "0") return;
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(botSessions)
    .where(and(eq(botSessions.workspaceId, workspaceId), eq(botSessions.channel, "api")));
  if (n > 0) return;
  const rows = await db.select({ id: faqs.id, question: faqs.question, answer: faqs.answer }).from(faqs).where(eq(faqs.workspaceId, workspaceId));
  if (!rows.length) return;
  const variants = await db.all<{ faq_id: number; text: string }>(
    sql`select faq_id, text from variants where faq_id in (select id from faqs where workspace_id = ${workspaceId})`,
  );
  const phrasings = rows.map((f) => ({ ...f, texts: [f.question, ...variants.filter((v) => v.faq_id === f.id && v.text !== f.question).map((v) => v.text)] }));
  // A few FAQs nobody asks about: the "dead" list of FAQ health.
  const asked = phrasings.slice(0, Math.max(1, phrasings.length - 4));
  const rnd = prng(20261204);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const now = opts.now ?? Date.now();
  const today = Math.floor((now + 8 * 3600 * 1000) / DAY) * DAY - 8 * 3600 * 1000;
  const start = today - (DAYS - 1) * DAY;

  // Knowledge changes: the hit rate steps up after each.
  const changes = [
    { day: 14, entity: "import", action: "import", summary: "导入 FAQ：新增尺码和面料问题 18 条" },
    { day: 28, entity: "pack", action: "subscribe", summary: "订阅行业包：服饰售后" },
    { day: 41, entity: "settings", action: "update", summary: "调整回答阈值 0.72 → 0.65" },
  ] as const;
  await db
    .insert(auditLog)
    .values(changes.map((c) => ({ workspaceId, entity: c.entity, action: c.action, summary: c.summary, createdAt: start + c.day * DAY + 11 * 3600 * 1000 })));

  const sessions: { externalId: string; createdAt: number; turns: Omit<typeof botTurns.$inferInsert, "sessionId" | "workspaceId">[] }[] = [];
  for (let d = 0; d < DAYS; d++) {
    const lift = changes.filter((c) => d >= c.day).length; // 0..3
    const weekend = new Date(start + d * DAY + 8 * 3600 * 1000).getUTCDay() % 6 === 0;
    const count = Math.round((weekend ? 46 : 34) + rnd() * 12 + d * 0.25);
    for (let s = 0; s < count; s++) {
      const at = start + d * DAY + (8 + rnd() * 14) * 3600 * 1000;
      // Today's traffic so far only: a conversation "at 21:58" seen at noon is no history.
      if (at > now - 5 * 60_000) continue;
      const turns: (typeof sessions)[number]["turns"] = [];
      const len = 1 + Math.floor(rnd() * 3);
      let failures = 0;
      for (let i = 0; i < len; i++) {
        const r = rnd();
        const ts = Math.round(at + i * 40_000);
        const pAnswer = 0.58 + lift * 0.05;
        const pNoAnswer = 0.22 - lift * 0.04;
        if (i === 0 && r < 0.04) {
          const [text, reason] = pick(TRANSFERS.slice(0, 2));
          turns.push({ text, decision: "transfer", reason, confidence: 0, reply: "正在为您转接人工客服，请稍候～", createdAt: ts });
          break;
        }
        if (r < pAnswer) {
          const f = pick(asked);
          turns.push({
            text: pick(f.texts),
            matchedText: f.question,
            decision: "answer",
            faqId: f.id,
            confidence: 0.78 + rnd() * 0.2,
            reply: f.answer,
            createdAt: ts,
          });
        } else if (r < pAnswer + 0.12) {
          const a = pick(asked);
          const b = pick(asked);
          turns.push({
            text: `${a.question.slice(0, 4)}${b.question.slice(-3)}`,
            decision: "clarify",
            confidence: 0.5 + rnd() * 0.15,
            suggestions: [a, b].map((x) => ({ faqId: x.id, question: x.question, confidence: 0.55 })),
            reply: "您是想问以下哪个问题呢？",
            createdAt: ts,
          });
        } else if (r < pAnswer + 0.12 + pNoAnswer) {
          failures++;
          if (failures >= 2) {
            turns.push({
              text: pick(UNANSWERED),
              decision: "transfer",
              reason: "repeated_failure",
              confidence: 0.2,
              reply: "正在为您转接人工客服，请稍候～",
              createdAt: ts,
            });
            break;
          }
          turns.push({
            text: pick(UNANSWERED),
            decision: "no_answer",
            confidence: 0.2 + rnd() * 0.2,
            reply: "亲，这个问题小木棉还在学习中，您可以换个说法或者转人工哦～",
            createdAt: ts,
          });
        } else {
          const [text, reason] = pick(TRANSFERS);
          turns.push({ text, decision: "transfer", reason, confidence: 0, reply: "正在为您转接人工客服，请稍候～", createdAt: ts });
          break;
        }
      }
      sessions.push({ externalId: `demo-${d}-${s}`, createdAt: Math.round(at), turns });
    }
  }

  await db.transaction(async (tx) => {
    for (let i = 0; i < sessions.length; i += 200) {
      const chunk = sessions.slice(i, i + 200);
      const ids = await tx
        .insert(botSessions)
        .values(chunk.map((s) => ({ workspaceId, channel: "api" as const, externalId: s.externalId, createdAt: s.createdAt, updatedAt: s.createdAt })))
        .returning({ id: botSessions.id });
      const turns = chunk.flatMap((s, k) => s.turns.map((t) => ({ ...t, workspaceId, sessionId: ids[k].id, latencyMs: 20 + Math.round(rnd() * 40) })));
      for (let j = 0; j < turns.length; j += 300) await tx.insert(botTurns).values(turns.slice(j, j + 300));
    }

    // One imported chat log two weeks ago, replayed, with noise and labels.
    const batchAt = today - 12 * DAY;
    const [batch] = await tx
      .insert(logBatches)
      .values({
        workspaceId,
        fileName: "千牛聊天记录-11月.csv",
        contentHash: "demo-metrics-history",
        format: "csv",
        status: "done",
        createdAt: batchAt,
        report: { read: 0 },
      })
      .returning();
    let seq = 0;
    const labels: (typeof logLabels.$inferInsert)[] = [];
    for (let s = 0; s < 80; s++) {
      const at = batchAt - 3 * DAY + s * 3 * 3600 * 1000;
      const n = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < n; i++) {
        const r = rnd();
        const f = pick(asked);
        const noise = r > 0.93 ? "emoji" : null;
        const decision = noise
          ? null
          : r < 0.62
            ? ("answer" as const)
            : r < 0.72
              ? ("clarify" as const)
              : r < 0.88
                ? ("no_answer" as const)
                : ("transfer" as const);
        const text = noise ? pick(CHITCHAT) : decision === "answer" ? pick(f.texts) : decision === "transfer" ? pick(TRANSFERS)[0] : pick(UNANSWERED);
        const [turn] = await tx
          .insert(logTurns)
          .values({
            workspaceId,
            batchId: batch.id,
            sessionKey: `qn-${s}`,
            seq: seq++,
            role: "customer",
            time: at + i * 60_000,
            rawText: text,
            text,
            normKey: normalizeKey(text),
            noise,
            hash: `demo-metrics-${seq}`,
            decision,
            faqId: decision === "answer" ? f.id : null,
            confidence: decision === "answer" ? 0.8 : 0.3,
            replayedAt: noise ? null : batchAt,
          })
          .returning({ id: logTurns.id });
        if (decision === "answer" && rnd() < 0.6) {
          const correct = rnd() < 0.88;
          labels.push({
            workspaceId,
            turnId: turn.id,
            kind: correct ? "correct" : "wrong",
            botDecision: "answer",
            botFaqId: f.id,
            botConfidence: 0.8,
            correct,
            createdAt: batchAt + DAY + labels.length * 600_000,
          });
        } else if (decision === "no_answer" && rnd() < 0.3)
          labels.push({
            workspaceId,
            turnId: turn.id,
            kind: "transfer",
            botDecision: "no_answer",
            correct: null,
            createdAt: batchAt + DAY + labels.length * 600_000,
          });
      }
    }
    if (labels.length) await tx.insert(logLabels).values(labels);
  });
}
