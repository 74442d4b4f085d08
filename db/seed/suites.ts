/**
 * Demo test suites (issue 11): the demo shop 木棉小铺 gets two suites, 售后回归 and 大促, with
 * multi-turn cases (one a 追问 follow-up: 什么时候发货 → 那运费呢), and two past runs of 售后回归 as
 * stored history so that the report, the diff against the previous run and the trend chart have
 * something to show before anyone presses 运行. The history is written, not run (the seed cannot
 * load the bot); the next real run compares against it like any run. Only when the workspace has
 * no suite yet (idempotent). Off when KB_DEMO_SUITES=0.
 */
import { eq } from "drizzle-orm";

import type { TurnActual } from "../../training/suites/check";
import type { HttpTargetConfig } from "../../training/suites/http-target";
import type { Db } from "../client";
import { type CaseInput, createRun, createSuite, insertRunTurns, listCases, saveCase, updateRun } from "../queries/suites";
import { saveTarget } from "../queries/suites/targets";
import { suites } from "../schema";

const AFTER_SALES: CaseInput[] = [
  {
    name: "发货时间追问运费",
    tags: ["回归", "物流"],
    note: "追问：第二轮省略了主语，要靠上一轮的话题",
    turns: [
      { text: "什么时候发货呀", expect: { decision: "answer", faq: "什么时候发货" } },
      { text: "那运费呢", expect: { decision: "answer", faq: "包邮吗" } },
    ],
  },
  {
    name: "七天无理由退货",
    tags: ["售后", "回归"],
    turns: [
      { text: "衣服不喜欢可以退吗", expect: { decision: "answer", faq: "支持七天无理由退换吗" } },
      { text: "退货寄到哪里", expect: { decision: "answer", faq: "退货地址是什么" } },
    ],
  },
  { name: "退款到账时间", tags: ["售后"], turns: [{ text: "退款几天能到账", expect: { decision: "answer", faq: "退款多久到账" } }] },
  { name: "质量问题", tags: ["售后"], turns: [{ text: "收到的衣服开线了怎么办", expect: { decision: "answer", faq: "收到的衣服有质量问题怎么办" } }] },
  { name: "吊牌剪了", tags: ["售后"], turns: [{ text: "吊牌已经剪掉了还能退吗", expect: { decision: "answer", faq: "吊牌剪了还能退吗" } }] },
  { name: "要求人工", tags: ["售后", "转人工"], turns: [{ text: "转人工", expect: { decision: "transfer", reason: "human_requested" } }] },
  { name: "店外问题不乱答", tags: ["回归"], turns: [{ text: "今天股票会涨吗", expect: { decision: "no_answer" } }] },
];

const PROMO: CaseInput[] = [
  { name: "优惠券", tags: ["大促"], turns: [{ text: "有没有优惠券可以领", expect: { decision: "answer", faq: "有优惠券吗" } }] },
  {
    name: "满减再问包邮",
    tags: ["大促", "回归"],
    turns: [
      { text: "满减活动怎么算的", expect: { decision: "answer", faq: "满减活动怎么算" } },
      { text: "满多少包邮", expect: { decision: "answer", faq: "包邮吗" } },
    ],
  },
  { name: "降价补差价", tags: ["大促"], turns: [{ text: "我刚买就降价了能补差价吗", expect: { decision: "answer", faq: "买了就降价能补差价吗" } }] },
  { name: "砍价", tags: ["大促"], turns: [{ text: "能不能再便宜点", expect: { decision: "answer", faq: "可以便宜点吗" } }] },
  { name: "催发货", tags: ["大促", "物流"], turns: [{ text: "大促期间能快点发货吗", expect: { decision: "answer", faq: "能催一下发货吗" } }] },
];

const DAY = 24 * 3600 * 1000;

/** One stored run: every turn as expected, except the cases named in `failing` (they answered `wrong`). */
async function seedRun(db: Db, workspaceId: number, suiteId: number, at: number, failing: Record<string, string>) {
  const cases = await listCases(db, suiteId);
  const runId = await createRun(db, { workspaceId, suiteId, version: "draft" });
  const rows = [];
  let turnsPassed = 0;
  let casesPassed = 0;
  for (const c of cases) {
    let ok = true;
    for (const t of c.turns) {
      const wrong = t.position === c.turns.length ? failing[c.name] : undefined;
      const e = t.expect;
      const actual: TurnActual = {
        decision: e.decision ?? "answer",
        faqId: null,
        faq: wrong ?? e.faq ?? null,
        suggestions: [],
        confidence: wrong ? 0.58 : 0.91,
        reason: e.reason ?? null,
        reply: null,
      };
      const failures = wrong ? [{ field: "faq" as const, expected: e.faq ?? null, actual: wrong }] : [];
      if (wrong) ok = false;
      else turnsPassed++;
      rows.push({
        runId,
        caseId: c.id,
        caseName: c.name,
        tags: c.tags,
        position: t.position,
        text: t.text,
        expect: e,
        actual,
        passed: !wrong,
        failures,
        latencyMs: 2.5,
      });
    }
    if (ok) casesPassed++;
  }
  await insertRunTurns(db, rows);
  await updateRun(db, runId, {
    status: "done",
    cases: cases.length,
    casesPassed,
    turns: rows.length,
    turnsPassed,
    durationMs: 40,
    createdAt: at,
    finishedAt: at + 40,
  });
}

export async function seedDemoSuites(db: Db, workspaceId: number, userId: number) {
  if (process.env.KB_DEMO_SUITES === "0") return;
  const [has] = await db.select({ id: suites.id }).from(suites).where(eq(suites.workspaceId, workspaceId)).limit(1);
  if (has) return;
  const afterSales = await createSuite(db, { workspaceId, name: "售后回归", description: "退换货、退款、物流追问：每次改知识库后必跑", userId });
  for (const input of AFTER_SALES) await saveCase(db, { suiteId: afterSales, input });
  const promo = await createSuite(db, { workspaceId, name: "大促", description: "双十一、618 前跑：优惠券、满减、价保", userId });
  for (const input of PROMO) await saveCase(db, { suiteId: promo, input });
  const now = Date.now();
  await seedRun(db, workspaceId, afterSales, now - 3 * DAY, { 发货时间追问运费: "有运费险吗", 退款到账时间: "怎么退货" });
  await seedRun(db, workspaceId, afterSales, now - DAY, { 发货时间追问运费: "有运费险吗" });
  // Two external bots (外部机器人): the shop's own API, and a vendor bot with its own reply shape.
  for (const t of DEMO_TARGETS) await saveTarget(db, { workspaceId, userId, ...t });
}

const DEMO_TARGETS: { name: string; config: HttpTargetConfig }[] = [
  {
    name: "本店接口",
    config: { url: "http://localhost:3000/api/v1/bot/reply", headers: { Authorization: "Bearer ${KB_DEMO_BOT_KEY}" } },
  },
  {
    name: "旧客服系统（迁移对比）",
    config: {
      url: "https://legacy-bot.example.com/v2/chat",
      headers: { "X-App-Key": "${LEGACY_BOT_KEY}" },
      bodyTemplate: '{"query": "{{text}}", "uid": "{{sessionId}}", "channel": "web"}',
      paths: {
        decision: "data.type",
        answer: "data.answer",
        faq: "data.hit_question",
        confidence: "data.score",
        suggestions: "data.recommend[*].title",
        reason: "",
      },
      decisionMap: { faq: "answer", recommend: "clarify", unknown: "no_answer", human: "transfer" },
      timeoutMs: 5000,
    },
  },
];
