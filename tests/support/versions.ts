/** Shared by the versions tests: change one FAQ's answer in the draft, as a trainer's edit would; publish through the page. */
import { and, desc, eq } from "drizzle-orm";
import { expect } from "vitest";

import type { Db } from "../../db/client";
import { getFaq, writeFaq } from "../../db/queries/faqs";
import { jobs } from "../../db/schema";
import type { Client } from "./server";

export interface PublishResult {
  version: number | null;
  blocked: boolean;
  gate: {
    required: boolean;
    passed: boolean;
    passRate: number | null;
    failures: { suite: string | null; text: string; expected: string; got: string }[];
    overrideReason: string | null;
  };
}

async function latestPublishJob(db: Db, workspaceId: number) {
  const [j] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.kind, "kb.publish")))
    .orderBy(desc(jobs.id))
    .limit(1);
  return j;
}

/** Publishes the demo shop through the 版本发布 page's action and waits for the job, polled through the page's job route. */
export async function publishThroughPage(client: Client, db: Db, workspaceId: number, body: Record<string, string> = {}): Promise<PublishResult> {
  const before = (await latestPublishJob(db, workspaceId))?.id ?? 0;
  const res = await client.post("/w/demo/versions", { intent: "publish", note: "", ...body });
  expect(res.status, await res.clone().text()).toBe(200);
  const job = await latestPublishJob(db, workspaceId);
  expect(job.id).toBeGreaterThan(before);
  const t0 = Date.now();
  for (;;) {
    const s = await client.get(`/w/demo/versions/jobs/${job.id}`);
    expect(s.status).toBe(200);
    const j = (await s.json()) as { status: string; result: PublishResult | null };
    if (j.status === "done") return j.result!;
    if (j.status !== "queued" && j.status !== "running") throw new Error(`publish job ${j.status}`);
    if (Date.now() - t0 > 60_000) throw new Error("publish job did not finish in 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function setFaqAnswer(db: Db, workspaceId: number, faqId: number, answer: string) {
  const f = (await getFaq(db, { workspaceId, id: faqId }))!;
  await db.transaction((tx) =>
    writeFaq(tx, {
      workspaceId,
      userId: null,
      id: faqId,
      input: {
        question: f.question,
        answer,
        categoryId: f.categoryId,
        variants: f.variants,
        keywords: f.keywords,
        relatedIds: f.related.map((r) => r.id),
        enabled: true,
      },
    }),
  );
}
