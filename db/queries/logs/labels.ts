/** Trainers' labels on log turns (one action labels a cluster or a selection; undo), and accuracy from labels. */
import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import type { Db } from "../../client";
import { auditLog, faqs, type LabelKind, logLabels, logTurns, users } from "../../schema";
import { writeAudit } from "../audit";
import { addVariants, removeVariants, type SkippedVariant } from "../faqs";
import { pageWindow } from "../paging";
import { bumpVersion } from "./inbox-cache";
import { customerTurnsOf, INSERT_ROWS } from "./shared";

export interface LabelInput {
  workspaceId: number;
  userId: number | null;
  kind: LabelKind;
  turnIds: number[];
  /** variant: the FAQ to add to; wrong: the right FAQ; new_faq: the FAQ created (optional). */
  faqId?: number | null;
}

export interface LabelResult {
  /** Undo token: all labels of one action share it. */
  actionId: number;
  labeled: number;
  addedVariants: string[];
  /** Texts not added as variants, with why (they belong to another FAQ, too long …). */
  skipped: SkippedVariant[];
  /** The FAQ changed (variants added or removed), so the engine must retrain. */
  knowledgeChanged: boolean;
}

function isCorrect(kind: LabelKind, bot: { decision: string | null; faqId: number | null }, faqId: number | null): boolean | null {
  switch (kind) {
    case "correct":
      return true;
    case "wrong":
      return false;
    case "variant":
      return bot.decision === "answer" && bot.faqId === faqId;
    case "chitchat":
    case "new_faq":
      // No existing FAQ is right, so only not answering was right.
      return bot.decision !== "answer";
    case "transfer":
      return bot.decision === "transfer";
    default:
      return null;
  }
}

/**
 * Label turns (one action: a cluster or a selection). Records who, when and the bot's decision
 * at that time; a new label replaces the turn's previous one. "variant" adds the turns' distinct
 * wordings (most frequent first, at most 20) to the FAQ with the FAQ checks.
 */
export async function labelTurns(db: Db, input: LabelInput): Promise<LabelResult> {
  if (!input.turnIds.length) return { actionId: 0, labeled: 0, addedVariants: [], skipped: [], knowledgeChanged: false };
  if ((input.kind === "variant" || input.kind === "wrong") && !input.faqId) throw new KbError("LABEL_FAQ_REQUIRED", {});
  bumpVersion(input.workspaceId);
  return db.transaction(async (tx) => {
    const turns: (typeof logTurns.$inferSelect)[] = [];
    for (let i = 0; i < input.turnIds.length; i += 500) {
      const part = input.turnIds.slice(i, i + 500);
      turns.push(
        ...(await tx
          .select()
          .from(logTurns)
          .where(and(...customerTurnsOf(input.workspaceId), inArray(logTurns.id, part)))),
      );
    }
    if (!turns.length) return { actionId: 0, labeled: 0, addedVariants: [], skipped: [], knowledgeChanged: false };
    const faqId = input.faqId ?? null;
    if (faqId !== null) {
      const f = await tx.query.faqs.findFirst({ where: and(eq(faqs.workspaceId, input.workspaceId), eq(faqs.id, faqId)), columns: { id: true } });
      if (!f) throw new KbError("FAQ_MISSING", { faqId });
    }
    let added: string[] = [];
    let skipped: LabelResult["skipped"] = [];
    if (input.kind === "variant" && faqId !== null) {
      const freq = new Map<string, number>();
      for (const t of turns) freq.set(t.text, (freq.get(t.text) ?? 0) + 1);
      const texts = [...freq.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([t]) => t)
        .slice(0, 20);
      ({ added, skipped } = await addVariants(tx, { workspaceId: input.workspaceId, userId: input.userId, faqId, texts }));
    }
    // One timestamp per action: it is the undo token (with the user).
    let actionId = Date.now();
    const [{ last }] = await tx
      .select({ last: sql<number | null>`max(${logLabels.createdAt})` })
      .from(logLabels)
      .where(eq(logLabels.workspaceId, input.workspaceId));
    if (last !== null && last >= actionId) actionId = last + 1;
    const ids = turns.map((t) => t.id);
    for (let i = 0; i < ids.length; i += 500)
      await tx
        .update(logLabels)
        .set({ undoneAt: actionId })
        .where(and(inArray(logLabels.turnId, ids.slice(i, i + 500)), isNull(logLabels.undoneAt)));
    const rows = turns.map((t) => ({
      workspaceId: input.workspaceId,
      turnId: t.id,
      kind: input.kind,
      faqId,
      botDecision: t.decision,
      botFaqId: t.faqId,
      botConfidence: t.confidence,
      correct: isCorrect(input.kind, { decision: t.decision, faqId: t.faqId }, faqId),
      createdBy: input.userId,
      createdAt: actionId,
    }));
    for (let i = 0; i < rows.length; i += INSERT_ROWS) await tx.insert(logLabels).values(rows.slice(i, i + INSERT_ROWS));
    await writeAudit(tx, {
      workspaceId: input.workspaceId,
      userId: input.userId,
      entity: "log_label",
      entityId: actionId,
      action: input.kind,
      summary: turns[0].text.slice(0, 60),
      after: { turns: turns.length, faqId, addedVariants: added },
    });
    return { actionId, labeled: turns.length, addedVariants: added, skipped, knowledgeChanged: added.length > 0 || input.kind === "chitchat" };
  });
}

/** Undo one labeling action of this user: labels are marked undone and added variants removed again. */
export async function undoLabels(db: Db, opts: { workspaceId: number; userId: number | null; actionId: number }) {
  bumpVersion(opts.workspaceId);
  return db.transaction(async (tx) => {
    const labels = await tx
      .select({ id: logLabels.id, kind: logLabels.kind, faqId: logLabels.faqId })
      .from(logLabels)
      .where(
        and(
          eq(logLabels.workspaceId, opts.workspaceId),
          eq(logLabels.createdAt, opts.actionId),
          opts.userId === null ? isNull(logLabels.createdBy) : eq(logLabels.createdBy, opts.userId),
          isNull(logLabels.undoneAt),
        ),
      );
    if (!labels.length) return { undone: 0, removedVariants: [] as string[], knowledgeChanged: false };
    const now = Date.now();
    await tx
      .update(logLabels)
      .set({ undoneAt: now })
      .where(
        inArray(
          logLabels.id,
          labels.map((l) => l.id),
        ),
      );
    let removed: string[] = [];
    const kind = labels[0].kind;
    const faqId = labels[0].faqId;
    if (kind === "variant" && faqId !== null) {
      // The variants this action added, as its audit entry recorded them.
      const entry = await tx.query.auditLog.findFirst({
        where: and(eq(auditLog.workspaceId, opts.workspaceId), eq(auditLog.entity, "log_label"), eq(auditLog.entityId, opts.actionId)),
      });
      const added = (entry?.after as { addedVariants?: string[] } | null)?.addedVariants ?? [];
      if (added.length) removed = (await removeVariants(tx, { workspaceId: opts.workspaceId, userId: opts.userId, faqId, texts: added }))?.removed ?? [];
    }
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "log_label",
      entityId: opts.actionId,
      action: "undo",
      summary: kind,
      after: { undone: labels.length, removedVariants: removed },
    });
    return { undone: labels.length, removedVariants: removed, knowledgeChanged: removed.length > 0 || kind === "chitchat" };
  });
}

/** The latest labeling actions of a user that can still be undone. */
export async function recentActions(db: Db, opts: { workspaceId: number; userId: number; limit?: number }) {
  return db
    .select({
      actionId: logLabels.createdAt,
      kind: sql<string>`min(${logLabels.kind})`,
      n: sql<number>`count(*)`,
      faqId: sql<number | null>`min(${logLabels.faqId})`,
    })
    .from(logLabels)
    .where(and(eq(logLabels.workspaceId, opts.workspaceId), eq(logLabels.createdBy, opts.userId), isNull(logLabels.undoneAt)))
    .groupBy(logLabels.createdAt)
    .orderBy(desc(logLabels.createdAt))
    .limit(opts.limit ?? 10);
}

/** Labels (active by default), newest first, with the bot's decision at labeling time. */
export async function listLabels(db: Db, opts: { workspaceId: number; page?: number; pageSize?: number; includeUndone?: boolean }) {
  const { page, pageSize, offset } = pageWindow(opts);
  const where = and(eq(logLabels.workspaceId, opts.workspaceId), opts.includeUndone ? undefined : isNull(logLabels.undoneAt));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: logLabels.id,
        turnId: logLabels.turnId,
        text: logTurns.text,
        kind: logLabels.kind,
        faqId: logLabels.faqId,
        botDecision: logLabels.botDecision,
        botFaqId: logLabels.botFaqId,
        botConfidence: logLabels.botConfidence,
        correct: logLabels.correct,
        createdAt: logLabels.createdAt,
        createdBy: users.email,
        undoneAt: logLabels.undoneAt,
      })
      .from(logLabels)
      .innerJoin(logTurns, eq(logTurns.id, logLabels.turnId))
      .leftJoin(users, eq(users.id, logLabels.createdBy))
      .where(where)
      .orderBy(desc(logLabels.createdAt), desc(logLabels.id))
      .limit(pageSize)
      .offset(offset),
    db
      .select({ total: sql<number>`count(*)` })
      .from(logLabels)
      .where(where),
  ]);
  return { rows, total, page, pageSize };
}

/**
 * Accuracy from the labels (issue 4, for the metrics): precision of answered turns (labels on
 * turns the bot answered whose verdict is known) and the share of unmatched questions
 * (no_answer / clarify) that an existing FAQ covers (labelled as a variant of one, or wrong with
 * the right FAQ). Ignored turns count in neither.
 */
export async function labelAccuracy(db: Db, opts: { workspaceId: number; from?: number; to?: number }) {
  const base = and(
    eq(logLabels.workspaceId, opts.workspaceId),
    isNull(logLabels.undoneAt),
    ne(logLabels.kind, "ignore"),
    opts.from !== undefined ? gte(logLabels.createdAt, opts.from) : undefined,
    opts.to !== undefined ? lte(logLabels.createdAt, opts.to) : undefined,
  );
  const [[answered], [unmatched]] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)`, ok: sql<number>`coalesce(sum(case when ${logLabels.correct} = 1 then 1 else 0 end), 0)` })
      .from(logLabels)
      .where(and(base, eq(logLabels.botDecision, "answer"), isNotNull(logLabels.correct))),
    db
      .select({
        n: sql<number>`count(*)`,
        covered: sql<number>`coalesce(sum(case when ${logLabels.kind} in ('variant', 'wrong', 'correct') and ${logLabels.faqId} is not null then 1 else 0 end), 0)`,
      })
      .from(logLabels)
      .where(and(base, or(isNull(logLabels.botDecision), inArray(logLabels.botDecision, ["no_answer", "clarify"])))),
  ]);
  return {
    answeredReviewed: answered.n,
    answeredCorrect: answered.ok,
    precision: answered.n ? answered.ok / answered.n : null,
    unmatchedLabeled: unmatched.n,
    unmatchedCovered: unmatched.covered,
    coverage: unmatched.n ? unmatched.covered / unmatched.n : null,
  };
}
