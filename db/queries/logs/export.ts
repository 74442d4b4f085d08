/** Exporting log turns (with their labels) page by page, and FAQ titles for showing the bot's picks. */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";

import type { Db } from "../../client";
import { categories, faqs, logLabels, logTurns } from "../../schema";
import { turnVisible } from "./shared";

export interface ExportedTurn {
  sessionId: string;
  role: string;
  text: string;
  decision: string | null;
  faqId: number | null;
  confidence: number | null;
  label: string | null;
}

/** Cleaned (masked) non-noise turns as JSONL records, in batch and file order, streamed in pages. */
export async function* exportLogTurns(db: Db, opts: { workspaceId: number; batchId?: number; pageSize?: number }): AsyncGenerator<ExportedTurn[]> {
  const size = opts.pageSize ?? 5000;
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select({
        id: logTurns.id,
        sessionId: logTurns.sessionKey,
        role: logTurns.role,
        text: logTurns.text,
        decision: logTurns.decision,
        faqId: logTurns.faqId,
        confidence: logTurns.confidence,
        label: sql<
          string | null
        >`(select ${logLabels.kind} from ${logLabels} where ${logLabels.turnId} = ${logTurns.id} and ${logLabels.undoneAt} is null order by ${logLabels.id} desc limit 1)`,
      })
      .from(logTurns)
      .where(
        and(
          eq(logTurns.workspaceId, opts.workspaceId),
          isNull(logTurns.noise),
          turnVisible,
          sql`${logTurns.id} > ${afterId}`,
          opts.batchId !== undefined ? eq(logTurns.batchId, opts.batchId) : undefined,
        ),
      )
      .orderBy(asc(logTurns.id))
      .limit(size);
    if (!rows.length) return;
    afterId = rows[rows.length - 1].id;
    yield rows.map(({ id: _id, ...r }) => r);
    if (rows.length < size) return;
  }
}

/** FAQ id → question and category, for showing the bot's picks. */
export async function faqTitles(db: Db, workspaceId: number, ids: number[]) {
  if (!ids.length) return new Map<number, { question: string; category: string }>();
  const rows = await db
    .select({ id: faqs.id, question: faqs.question, category: categories.name })
    .from(faqs)
    .innerJoin(categories, eq(categories.id, faqs.categoryId))
    .where(and(eq(faqs.workspaceId, workspaceId), inArray(faqs.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, { question: r.question, category: r.category }]));
}
