/**
 * Demo versions (issue 13): the demo shop has a published v1 of its knowledge base and, on top,
 * a draft change or two (a new answer, a new variant), so that 版本发布 shows a diff to publish
 * and the API answers from v1 while the simulator's 草稿 already has the change. Only when the
 * workspace has never published (idempotent). Off when KB_DEMO_VERSIONS=0 (the test servers,
 * whose tests expect an unpublished shop answering from the draft).
 */
import { eq } from "drizzle-orm";

import type { Db } from "../client";
import { loadBotContent } from "../queries/bot-content";
import { engineInputFromContent } from "../queries/engine-input";
import { addVariants, getFaq, listFaqs, writeFaq } from "../queries/faqs";
import { engineFiles, trainEngine } from "../queries/version-engine";
import { commitVersion } from "../queries/versions";
import { kbVersions } from "../schema";

const CHANGED_ANSWER = { question: "什么时候发货", answer: "亲，现货订单付款后 24 小时内发货（原为 48 小时），预售商品以详情页时间为准哦～" };
const NEW_VARIANT = { question: "包邮吗", text: "满多少包邮呀" };

export async function seedDemoVersions(db: Db, workspaceId: number, userIds: { admin: number; trainer: number }) {
  if (process.env.KB_DEMO_VERSIONS === "0") return;
  const [has] = await db.select({ id: kbVersions.id }).from(kbVersions).where(eq(kbVersions.workspaceId, workspaceId)).limit(1);
  if (has) return;
  const content = await loadBotContent(db, workspaceId);
  const input = engineInputFromContent(content);
  if (!input.kb.faqs.length) return;
  const engine = await trainEngine(input, content.settings, { inThread: true });
  await commitVersion(db, {
    workspaceId,
    userId: userIds.admin,
    note: "首次上线",
    content,
    fingerprint: input.fingerprint,
    files: await engineFiles(engine, input.fingerprint),
  });
  // The draft moves on: one answer changed, one variant added (not yet published).
  const rows = (await listFaqs(db, { workspaceId, pageSize: 100, sort: "question" })).rows;
  const byQ = new Map(rows.map((r) => [r.question, r.id]));
  const shipId = byQ.get(CHANGED_ANSWER.question);
  if (shipId) {
    const f = await getFaq(db, { workspaceId, id: shipId });
    if (f)
      await db.transaction((tx) =>
        writeFaq(tx, {
          workspaceId,
          userId: userIds.trainer,
          id: shipId,
          input: {
            question: f.question,
            answer: CHANGED_ANSWER.answer,
            categoryId: f.categoryId,
            variants: f.variants,
            keywords: f.keywords,
            relatedIds: f.related.map((r) => r.id),
            enabled: f.enabled,
          },
        }),
      );
  }
  const freeId = byQ.get(NEW_VARIANT.question);
  if (freeId) await db.transaction((tx) => addVariants(tx, { workspaceId, userId: userIds.trainer, faqId: freeId, texts: [NEW_VARIANT.text] }));
}
