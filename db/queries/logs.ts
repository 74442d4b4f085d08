/**
 * Chat logs in the database (issue 4): import a file as one batch (transactional, idempotent by
 * content hash), replay customer turns through the bot, the labeling inbox (queues, clusters,
 * labels with undo) and accuracy from labels. Shared by the app (app/models/logs.server.ts) and
 * the `kb logs:*` commands; the parsing and cleaning itself is training/logs.
 */
import { createHash } from "node:crypto";

import type { InValue, Transaction } from "@libsql/client";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, or, type SQL, sql } from "drizzle-orm";

import { KbError } from "../../training/errors";
import { decodeText } from "../../training/io/decode";
import {
  bigramJaccard,
  type CleaningSettings,
  type ColumnMapping,
  defaultCleaningSettings,
  detectFormat,
  groupQuestions,
  LOG_FILE_TYPES,
  LogBatch,
  type LogItem,
  parseLogFile,
  recordRow,
  type ReportedBatch,
  type Similarity,
  turnHash,
} from "../../training/logs";
import { normalizeKey } from "../../training/normalize";
import type { Db } from "../client";
import { auditLog, categories, type Decision, faqs, logBatches, logLabels, logTurns, users } from "../schema";
import { writeAudit } from "./audit";
import { checkFaq, getFaq, hasErrors, MAX_VARIANT_LENGTH, tidyText, writeFaq } from "./faqs";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Q = Db | Tx;

/** Uploads above this are refused (the server's multipart limit is 50 MB). */
export const MAX_LOG_FILE_BYTES = 50 * 1024 * 1024;
const INSERT_ROWS = 400;

export type LabelKind = (typeof logLabels.$inferSelect)["kind"];
export const LABEL_KINDS: readonly LabelKind[] = ["variant", "new_faq", "chitchat", "transfer", "correct", "wrong", "ignore"];

/* ------------------------------------------------------------------ import */

export interface ImportProgress {
  phase: "import";
  rows: number;
  fraction: number;
  report: ReportedBatch;
}

export interface ImportLogOptions {
  workspaceId: number;
  userId: number | null;
  fileName: string;
  data: Uint8Array;
  mapping?: ColumnMapping;
  cleaning?: Partial<CleaningSettings>;
  /** Plain text exports: extra agent / bot nicknames. */
  agentNicknames?: string[];
  botNicknames?: string[];
  /** Awaited: called after each committed chunk. */
  onProgress?: (p: ImportProgress) => void | Promise<void>;
}

export interface BatchSummary {
  batchId: number;
  /** True when this file (same content hash) was imported before: nothing was written. */
  existing: boolean;
  fileName: string;
  format: string;
  encoding: string | null;
  report: StoredReport;
}

/** What log_batches.report holds: the core's batch report plus how the import ran. */
export type StoredReport = ReportedBatch & { ms?: number; cleaning?: Partial<CleaningSettings>; mapping?: ColumnMapping; turnsWritten?: number };

export function contentHash(data: Uint8Array) {
  return createHash("sha256").update(data).digest("hex");
}

function sniffEncoding(data: Uint8Array): string {
  // Cut after a "\n" so that the sample never ends inside a multi-byte character.
  let slice = data.subarray(0, 64 * 1024);
  if (data.length > slice.length) {
    const nl = slice.lastIndexOf(0x0a);
    if (nl > 0) slice = slice.subarray(0, nl + 1);
  }
  return decodeText(slice).encoding;
}

/** Cleaning settings: masking is never switched off (issue 4: a masked value never reaches the cleaned text). */
export function cleaningSettings(patch: Partial<CleaningSettings> = {}): CleaningSettings {
  return { ...defaultCleaningSettings, ...patch, mask: defaultCleaningSettings.mask };
}

const TURN_COLUMNS = "workspace_id, batch_id, session_key, seq, role, time, raw_text, text, norm_key, noise, masked, hash";
const insertSqlCache = new Map<number, string>();
function insertTurnsSql(rows: number) {
  let s = insertSqlCache.get(rows);
  if (!s) {
    const one = `(${TURN_COLUMNS.split(",")
      .map(() => "?")
      .join(",")})`;
    s = `insert into log_turns (${TURN_COLUMNS}) values ${Array(rows).fill(one).join(",")} on conflict do nothing`;
    insertSqlCache.set(rows, s);
  }
  return s;
}

/**
 * The libsql transaction under a drizzle transaction. Building a 400-row insert through the query
 * builder costs more than parsing and cleaning the rows (profiled: 60% of a 200k-row import), so
 * the bulk statements of the import go to the driver directly, inside the same transaction.
 */
function rawTx(tx: Tx): { execute(stmt: { sql: string; args: InValue[] }): Promise<{ rows: unknown[][]; rowsAffected: number }> } {
  const inner = (tx as unknown as { session?: { tx?: Transaction } }).session?.tx;
  if (!inner) throw new Error("drizzle internals changed: no libsql transaction under the drizzle transaction");
  return {
    execute: async (stmt) => {
      const r = await inner.execute(stmt);
      return { rows: r.rows.map((row) => Array.from(row as ArrayLike<unknown>)), rowsAffected: r.rowsAffected };
    },
  };
}

async function existingBatch(db: Q, workspaceId: number, hash: string) {
  return db.query.logBatches.findFirst({ where: and(eq(logBatches.workspaceId, workspaceId), eq(logBatches.contentHash, hash)) });
}

function summaryOf(b: typeof logBatches.$inferSelect, existing: boolean): BatchSummary {
  return { batchId: b.id, existing, fileName: b.fileName, format: b.format, encoding: b.encoding, report: b.report as unknown as StoredReport };
}

/** Deletes a batch with its turns and their labels (explicitly, whatever the foreign-key pragma). */
async function removeBatch(tx: Pick<Db, "delete" | "select">, batchId: number) {
  await tx.delete(logLabels).where(inArray(logLabels.turnId, tx.select({ id: logTurns.id }).from(logTurns).where(eq(logTurns.batchId, batchId))));
  await tx.delete(logTurns).where(eq(logTurns.batchId, batchId));
  await tx.delete(logBatches).where(eq(logBatches.id, batchId));
}

/**
 * A running batch whose importer has not written for this long is left over from a crash and
 * may be replaced; a fresher one is an import in progress.
 */
const STALE_IMPORT_MS = 60_000;

/** Turns of batches that finished importing: a running import is invisible until it is done. */
const turnVisible = sql`not exists (select 1 from ${logBatches} where ${logBatches.id} = ${logTurns.batchId} and ${logBatches.status} <> 'done')`;

/**
 * Import one chat-log file as a batch. All or nothing for readers: the turns are committed in
 * chunks (so that a 200k-row import does not hold the database's one write lock for half a
 * minute while trainers save FAQs), but every reader skips the turns of a batch that is not
 * "done", the batch turns "done" in one last small transaction, and a failed import deletes
 * what it wrote. Re-importing the same bytes returns the existing batch. Rows already in the
 * workspace from another batch (same turn hash) count as duplicates. Throws KbError for
 * file-level problems (unsupported type, no role/text column) and BATCH_BUSY while the same file
 * is being imported.
 */
export async function importLogFile(db: Db, opts: ImportLogOptions): Promise<BatchSummary> {
  const t0 = Date.now();
  if (opts.data.byteLength > MAX_LOG_FILE_BYTES) throw new KbError("FILE_TOO_LARGE", { file: opts.fileName, maxMb: MAX_LOG_FILE_BYTES / 1024 / 1024 });
  const hash = contentHash(opts.data);
  const before = await existingBatch(db, opts.workspaceId, hash);
  if (before?.status === "done") return summaryOf(before, true);
  const format = detectFormat(opts.fileName, opts.data);
  if (!format) throw new KbError("FILE_TYPE", { file: opts.fileName, expected: LOG_FILE_TYPES });
  const encoding = format === "xlsx" ? null : sniffEncoding(opts.data);
  const settings = cleaningSettings(opts.cleaning);

  const batch = await db.transaction(async (tx) => {
    const old = await existingBatch(tx, opts.workspaceId, hash);
    if (old?.status === "done") return old;
    if (old) {
      const beat = Number((old.report as { heartbeatAt?: number }).heartbeatAt ?? old.createdAt);
      if (old.status === "running" && Date.now() - beat < STALE_IMPORT_MS) throw new KbError("BATCH_BUSY", { file: opts.fileName, batchId: old.id });
      // Left "running" by a crash, or "failed": replace it.
      await removeBatch(tx, old.id);
    }
    const [created] = await tx
      .insert(logBatches)
      .values({
        workspaceId: opts.workspaceId,
        fileName: opts.fileName,
        contentHash: hash,
        format,
        encoding,
        status: "running",
        report: { heartbeatAt: Date.now() },
        createdBy: opts.userId,
      })
      .returning();
    return created;
  });
  if (batch.status === "done") return summaryOf(batch, true);

  try {
    const lb = new LogBatch(settings);
    let rows = 0;
    let fraction = 0;
    let written = 0;
    const parse = parseLogFile(opts.data, opts.fileName, {
      format,
      mapping: opts.mapping,
      agentNicknames: opts.agentNicknames,
      botNicknames: opts.botNicknames,
      chunkSize: 2000,
      onProgress: (done, _total, f) => {
        rows = done;
        fraction = f;
      },
    });
    for await (const items of parse) {
      // One short write transaction per chunk (see above).
      written += await db.transaction(async (tx) => {
        const raw = rawTx(tx);
        // Rows already stored by another batch of this workspace are duplicates, not new turns.
        const hashes = items.filter((i) => i.kind === "turn").map((i) => turnHash(i as Extract<LogItem, { kind: "turn" }>));
        const known = new Set<string>();
        for (let i = 0; i < hashes.length; i += 500) {
          const part = hashes.slice(i, i + 500);
          const found = await raw.execute({
            sql: `select hash from log_turns where workspace_id = ? and hash in (${part.map(() => "?").join(",")})`,
            args: [opts.workspaceId, ...part],
          });
          for (const f of found.rows) known.add(String(f[0]));
        }
        const fresh: LogItem[] = [];
        const rawByRow = new Map<number, string>();
        for (const item of items) {
          if (item.kind === "turn" && known.size && known.has(turnHash(item))) {
            recordRow(lb.report, { kind: "duplicate", row: item.row });
            continue;
          }
          if (item.kind === "turn") rawByRow.set(item.row, item.text);
          fresh.push(item);
        }
        const chunk = lb.add(fresh);
        const values = chunk.turns.map((t) => [
          opts.workspaceId,
          batch.id,
          t.sessionId,
          // File order within the batch; split parts keep their order after their row.
          t.row * 100 + Math.min(t.part, 99),
          t.role,
          t.timeMs,
          rawByRow.get(t.row) ?? "",
          t.text,
          t.noise ? "" : normalizeKey(t.text),
          t.noise || null,
          JSON.stringify(t.masked),
          t.hash,
        ]);
        let n = 0;
        for (let i = 0; i < values.length; i += INSERT_ROWS) {
          const part = values.slice(i, i + INSERT_ROWS);
          const r = await raw.execute({ sql: insertTurnsSql(part.length), args: part.flat() });
          n += r.rowsAffected;
        }
        await tx
          .update(logBatches)
          .set({ report: { heartbeatAt: Date.now() } })
          .where(eq(logBatches.id, batch.id));
        return n;
      });
      await opts.onProgress?.({ phase: "import", rows, fraction, report: lb.report });
    }
    const report: StoredReport = { ...lb.report, ms: Date.now() - t0, cleaning: opts.cleaning, mapping: opts.mapping, turnsWritten: written };
    const result = await db.transaction(async (tx) => {
      const [done] = await tx
        .update(logBatches)
        .set({ status: "done", report: report as unknown as Record<string, unknown> })
        .where(eq(logBatches.id, batch.id))
        .returning();
      await writeAudit(tx, {
        workspaceId: opts.workspaceId,
        userId: opts.userId,
        entity: "log_batch",
        entityId: batch.id,
        action: "import",
        summary: opts.fileName,
        after: { read: report.read, imported: report.imported, duplicates: report.duplicates, noise: report.noise, rejected: report.rejected },
      });
      return summaryOf(done, false);
    });
    bumpVersion(opts.workspaceId);
    return result;
  } catch (e) {
    // Nothing of a failed import stays: readers never saw it, and the same file can be retried.
    await db.transaction(async (tx) => {
      await removeBatch(tx, batch.id);
    });
    throw e;
  }
}

export async function listBatches(db: Db, opts: { workspaceId: number; page?: number; pageSize?: number }) {
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(100, Math.max(5, opts.pageSize ?? 20));
  const where = eq(logBatches.workspaceId, opts.workspaceId);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: logBatches.id,
        fileName: logBatches.fileName,
        format: logBatches.format,
        encoding: logBatches.encoding,
        status: logBatches.status,
        report: logBatches.report,
        createdAt: logBatches.createdAt,
        createdBy: users.email,
        replayed: sql<number>`(select count(*) from ${logTurns} where ${logTurns.batchId} = ${logBatches.id} and ${logTurns.replayedAt} is not null)`,
        turns: sql<number>`(select count(*) from ${logTurns} where ${logTurns.batchId} = ${logBatches.id})`,
        labels: sql<number>`(select count(*) from ${logLabels} join ${logTurns} on ${logTurns.id} = ${logLabels.turnId} where ${logTurns.batchId} = ${logBatches.id} and ${logLabels.undoneAt} is null)`,
      })
      .from(logBatches)
      .leftJoin(users, eq(users.id, logBatches.createdBy))
      .where(where)
      .orderBy(desc(logBatches.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: sql<number>`count(*)` })
      .from(logBatches)
      .where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r, report: r.report as unknown as StoredReport })), total, page, pageSize };
}

/**
 * Deletes a batch with its turns and their labels (foreign-key cascades), in one transaction,
 * with an audit entry. Variants and FAQs already created from its labels stay: they are
 * knowledge now, not log data. A batch still being imported cannot be deleted.
 */
export async function deleteBatch(
  db: Db,
  opts: { workspaceId: number; id: number; userId: number | null },
): Promise<{ fileName: string; turns: number; labels: number } | null> {
  const out = await db.transaction(async (tx) => {
    const b = await tx.query.logBatches.findFirst({ where: and(eq(logBatches.workspaceId, opts.workspaceId), eq(logBatches.id, opts.id)) });
    if (!b) return null;
    if (b.status === "running") throw new KbError("BATCH_BUSY", { file: b.fileName, batchId: b.id });
    const [{ turns }] = await tx
      .select({ turns: sql<number>`count(*)` })
      .from(logTurns)
      .where(eq(logTurns.batchId, b.id));
    const [{ labels }] = await tx
      .select({ labels: sql<number>`count(*)` })
      .from(logLabels)
      .innerJoin(logTurns, eq(logTurns.id, logLabels.turnId))
      .where(eq(logTurns.batchId, b.id));
    await removeBatch(tx, b.id);
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "log_batch",
      entityId: b.id,
      action: "delete",
      summary: b.fileName,
      before: { fileName: b.fileName, read: (b.report as { read?: number }).read ?? null, turns, labels },
    });
    return { fileName: b.fileName, turns, labels };
  });
  // The inbox's cached clusters must not show the deleted turns.
  if (out) bumpVersion(opts.workspaceId);
  return out;
}

export async function getBatch(db: Db, opts: { workspaceId: number; id: number }) {
  const b = await db.query.logBatches.findFirst({ where: and(eq(logBatches.workspaceId, opts.workspaceId), eq(logBatches.id, opts.id)) });
  return b ? { ...b, report: b.report as unknown as StoredReport } : null;
}

/* ------------------------------------------------------------------ replay */

export interface DecisionOut {
  decision: string;
  faqId: number | null;
  confidence: number;
}
export type DecideManyFn = (texts: string[]) => Promise<DecisionOut[]>;

export interface ReplayResult {
  turns: number;
  distinct: number;
  ms: number;
  turnsPerSecond: number;
}

/**
 * Run every cleaned, non-noise customer turn through the bot and store decision, top FAQ and
 * confidence. Identical texts are decided once (a log repeats "在吗" and "发什么快递" thousands
 * of times), and rows are updated by (norm_key, text) through the norm_key index.
 */
export async function replayTurns(
  db: Db,
  opts: { workspaceId: number; batchId?: number; decide: DecideManyFn; chunkSize?: number; onProgress?: (done: number, total: number) => void },
): Promise<ReplayResult> {
  const t0 = Date.now();
  const where = and(
    eq(logTurns.workspaceId, opts.workspaceId),
    eq(logTurns.role, "customer"),
    isNull(logTurns.noise),
    opts.batchId !== undefined ? eq(logTurns.batchId, opts.batchId) : undefined,
  );
  const groups = await db
    .select({ text: logTurns.text, normKey: logTurns.normKey, n: sql<number>`count(*)` })
    .from(logTurns)
    .where(where)
    .groupBy(logTurns.normKey, logTurns.text);
  const total = groups.reduce((s, g) => s + g.n, 0);
  const faqIds = new Set((await db.select({ id: faqs.id }).from(faqs).where(eq(faqs.workspaceId, opts.workspaceId))).map((f) => f.id));
  const size = opts.chunkSize ?? 1000;
  let done = 0;
  for (let i = 0; i < groups.length; i += size) {
    const part = groups.slice(i, i + size);
    const decisions = await opts.decide(part.map((g) => g.text));
    const now = Date.now();
    const stmts = part.map((g, j) => {
      const d = decisions[j];
      const faqId = d.faqId !== null && faqIds.has(d.faqId) ? d.faqId : null;
      const decision = (["answer", "clarify", "no_answer", "transfer"] as string[]).includes(d.decision) ? d.decision : "no_answer";
      return {
        // Every identical text of the workspace gets the current bot's decision, whatever its
        // batch: a batch_id condition here makes SQLite pick the batch index and scan the whole
        // batch for each text (measured: 250 instead of thousands of turns/s on 200k turns).
        sql: `update log_turns indexed by log_turns_key set decision = ?, faq_id = ?, confidence = ?, replayed_at = ? where workspace_id = ? and norm_key = ? and text = ? and role = 'customer' and noise is null`,
        args: [decision, faqId, d.confidence, now, opts.workspaceId, g.normKey, g.text],
      };
    });
    await db.$client.batch(stmts, "write");
    done += part.reduce((s, g) => s + g.n, 0);
    opts.onProgress?.(done, total);
  }
  bumpVersion(opts.workspaceId);
  const ms = Date.now() - t0;
  return { turns: total, distinct: groups.length, ms, turnsPerSecond: ms > 0 ? Math.round((total / ms) * 1000) : total };
}

/** Turns of the workspace (or batch) not yet replayed. */
export async function countUnreplayed(db: Db, opts: { workspaceId: number; batchId?: number }) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(logTurns)
    .where(
      and(
        eq(logTurns.workspaceId, opts.workspaceId),
        eq(logTurns.role, "customer"),
        isNull(logTurns.noise),
        isNull(logTurns.replayedAt),
        turnVisible,
        opts.batchId !== undefined ? eq(logTurns.batchId, opts.batchId) : undefined,
      ),
    );
  return n;
}

/* ------------------------------------------------------------------ the inbox */

export type Queue = "unmatched" | "near" | "sample";

export interface InboxFilter {
  queue: Queue;
  batchId?: number;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  decision?: Decision;
  categoryId?: number;
  minConfidence?: number;
  maxConfidence?: number;
  q?: string;
}

export interface InboxOptions extends InboxFilter {
  workspaceId: number;
  /** The engine's answer threshold: "near misses" are just below it. */
  answerThreshold: number;
  /** How far below the threshold a near miss may be (default 0.15). */
  nearMargin?: number;
  /** Answered turns drawn for the accuracy review (default 200). */
  sampleSize?: number;
  similarity?: Similarity;
  /** Include turns that already have a label (default false: the inbox shows work left). */
  includeLabeled?: boolean;
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const activeLabel = sql`exists (select 1 from ${logLabels} where ${logLabels.turnId} = ${logTurns.id} and ${logLabels.undoneAt} is null)`;

function inboxWhere(o: InboxOptions, opts: { skipQueue?: boolean } = {}): SQL {
  const conds: (SQL | undefined)[] = [eq(logTurns.workspaceId, o.workspaceId), eq(logTurns.role, "customer"), isNull(logTurns.noise), turnVisible];
  if (!o.includeLabeled) conds.push(sql`not ${activeLabel}`);
  const margin = o.nearMargin ?? 0.15;
  if (opts.skipQueue) {
    /* the caller adds the queue condition */
  } else if (o.queue === "unmatched") conds.push(or(isNull(logTurns.decision), inArray(logTurns.decision, ["no_answer", "clarify"])));
  else if (o.queue === "near")
    conds.push(
      ne(logTurns.decision, "answer"),
      ne(logTurns.decision, "transfer"),
      gte(logTurns.confidence, Math.max(0, o.answerThreshold - margin)),
      lt(logTurns.confidence, o.answerThreshold),
    );
  else conds.push(eq(logTurns.decision, "answer"));
  if (o.batchId) conds.push(eq(logTurns.batchId, o.batchId));
  if (o.from !== undefined) conds.push(gte(logTurns.time, o.from));
  if (o.to !== undefined) conds.push(lte(logTurns.time, o.to));
  if (o.decision) conds.push(eq(logTurns.decision, o.decision));
  if (o.categoryId) conds.push(sql`${logTurns.faqId} in (select ${faqs.id} from ${faqs} where ${faqs.categoryId} = ${o.categoryId})`);
  if (o.minConfidence !== undefined) conds.push(gte(logTurns.confidence, o.minConfidence));
  if (o.maxConfidence !== undefined) conds.push(lte(logTurns.confidence, o.maxConfidence));
  const q = o.q?.trim();
  if (q) {
    const raw = `%${escapeLike(q)}%`;
    const key = `%${escapeLike(normalizeKey(q))}%`;
    conds.push(or(sql`${logTurns.text} like ${raw} escape '\\'`, sql`${logTurns.normKey} like ${key} escape '\\'`));
  }
  return and(...conds)!;
}

export interface InboxCluster {
  /** normalizeKey of the representative: stable while the cluster's members do not change. */
  id: string;
  representative: string;
  count: number;
  /** Distinct normalized questions in the cluster. */
  keys: string[];
  /** The most frequent wordings, with counts. */
  texts: { text: string; count: number }[];
  /** The FAQ the bot most often picked for the members (its best guess), if any. */
  bestFaqId: number | null;
  decision: string | null;
  maxConfidence: number | null;
}

const ENGINE_GROUPING_MAX_KEYS = 500;
const clusterCache = new Map<string, { at: number; value: unknown }>();
const CACHE_TTL_MS = 60_000;
const versions = new Map<number, number>();

/** Something in this workspace's logs changed in this process (import, replay, label, undo). */
function bumpVersion(workspaceId: number) {
  versions.set(workspaceId, (versions.get(workspaceId) ?? 0) + 1);
}

/**
 * A cheap "did anything change?" token for the inbox cache. Scanning log_turns for it would cost
 * as much as the clusters themselves on a 200k-turn workspace, so: this process's change counter,
 * plus the newest batch and label rows (small, indexed) for changes by the CLI or another
 * instance; a CLI replay shows after the cache's TTL.
 */
async function dataStamp(db: Db, workspaceId: number) {
  const [[b], [l]] = await Promise.all([
    db
      .select({ id: sql<number>`max(${logBatches.id})` })
      .from(logBatches)
      .where(eq(logBatches.workspaceId, workspaceId)),
    db
      .select({ id: sql<number>`max(${logLabels.id})`, u: sql<number>`max(${logLabels.undoneAt})` })
      .from(logLabels)
      .where(eq(logLabels.workspaceId, workspaceId)),
  ]);
  return `${versions.get(workspaceId) ?? 0}:${b.id}:${l.id}:${l.u}`;
}

async function cached<T>(db: Db, workspaceId: number, key: string, compute: () => Promise<T>): Promise<T> {
  const full = `${workspaceId}:${key}:${await dataStamp(db, workspaceId)}`;
  const hit = clusterCache.get(full);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.value as T;
  const value = await compute();
  if (clusterCache.size > 50) clusterCache.delete(clusterCache.keys().next().value!);
  clusterCache.set(full, { at: Date.now(), value });
  return value;
}

/**
 * The inbox's clusters for a queue and filters: customer questions grouped exactly by
 * normalizeKey (in SQL) and then near-duplicates by `similarity` (groupQuestions), largest first.
 * Cached per filter until turns or labels change.
 */
export async function inboxClusters(db: Db, o: InboxOptions): Promise<InboxCluster[]> {
  const { similarity, ...rest } = o;
  return cached(db, o.workspaceId, `clusters:${JSON.stringify(rest)}:${similarity ? "engine" : "lexical"}`, () => computeClusters(db, o));
}

async function computeClusters(db: Db, o: InboxOptions): Promise<InboxCluster[]> {
  const { similarity } = o;
  const where = inboxWhere(o);
  let ids: SQL | undefined;
  if (o.queue === "sample") {
    // A stable random sample: turn hashes are uniformly distributed.
    const sample = db
      .select({ id: logTurns.id })
      .from(logTurns)
      .where(where)
      .orderBy(asc(logTurns.hash))
      .limit(o.sampleSize ?? 200);
    ids = inArray(logTurns.id, sample);
  }
  const rows = await db
    .select({
      key: logTurns.normKey,
      faqId: logTurns.faqId,
      text: sql<string>`min(${logTurns.text})`,
      n: sql<number>`count(*)`,
      conf: sql<number | null>`max(${logTurns.confidence})`,
      decision: sql<string | null>`min(${logTurns.decision})`,
    })
    .from(logTurns)
    .where(ids ? and(where, ids) : where)
    .groupBy(logTurns.normKey, logTurns.faqId);
  const byKey = new Map<string, { text: string; n: number; conf: number | null; decision: string | null; faqs: Map<number, number> }>();
  for (const r of rows) {
    let k = byKey.get(r.key);
    if (!k) byKey.set(r.key, (k = { text: r.text, n: 0, conf: null, decision: r.decision, faqs: new Map() }));
    k.n += r.n;
    if (r.conf !== null && (k.conf === null || r.conf > k.conf)) k.conf = r.conf;
    if (r.faqId !== null) k.faqs.set(r.faqId, (k.faqs.get(r.faqId) ?? 0) + r.n);
  }
  const keys = [...byKey.keys()];
  const texts = keys.map((k) => byKey.get(k)!.text);
  // Near-duplicates: character-bigram Jaccard >= 0.7 always; for a few hundred questions also
  // the engine's similarity (max of both). The engine's similarity costs ~0.3 ms a pair: on a
  // 200k-turn workspace (3.5k distinct questions) it took 45 s against 0.7 s for Jaccard alone.
  const engineSim = similarity && keys.length <= ENGINE_GROUPING_MAX_KEYS ? similarity : undefined;
  const groups = engineSim
    ? groupQuestions(texts, (a, b) => Math.max(bigramJaccard(a, b), engineSim(a, b)), { blockingThreshold: 0.6 })
    : groupQuestions(texts);
  const clusters: InboxCluster[] = groups.map((g) => {
    const members = g.members.map((i) => ({ key: keys[i], ...byKey.get(keys[i])! }));
    members.sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1));
    const faqVotes = new Map<number, number>();
    let conf: number | null = null;
    const decisions = new Map<string, number>();
    for (const m of members) {
      for (const [f, n] of m.faqs) faqVotes.set(f, (faqVotes.get(f) ?? 0) + n);
      if (m.conf !== null && (conf === null || m.conf > conf)) conf = m.conf;
      if (m.decision) decisions.set(m.decision, (decisions.get(m.decision) ?? 0) + m.n);
    }
    const best = [...faqVotes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    const decision = [...decisions.entries()].sort((a, b) => b[1] - a[1])[0];
    return {
      id: members[0].key,
      representative: members[0].text,
      count: members.reduce((s, m) => s + m.n, 0),
      keys: members.map((m) => m.key),
      texts: members.slice(0, 8).map((m) => ({ text: m.text, count: m.n })),
      bestFaqId: best ? best[0] : null,
      decision: decision ? decision[0] : null,
      maxConfidence: conf,
    };
  });
  clusters.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
  return clusters;
}

/** Counts per queue, for the tabs (one pass over the turns, cached like the clusters). */
export async function queueCounts(db: Db, o: Omit<InboxOptions, "queue">): Promise<Record<Queue, number>> {
  const { similarity: _s, ...rest } = o;
  return cached(db, o.workspaceId, `counts:${JSON.stringify(rest)}`, async () => {
    const cond = (queue: Queue) => {
      // The queue's own condition: inboxWhere for that queue minus the shared part.
      const margin = o.nearMargin ?? 0.15;
      if (queue === "unmatched") return sql`(${logTurns.decision} is null or ${logTurns.decision} in ('no_answer', 'clarify'))`;
      if (queue === "near")
        return sql`(${logTurns.decision} not in ('answer', 'transfer') and ${logTurns.confidence} >= ${Math.max(0, o.answerThreshold - margin)} and ${logTurns.confidence} < ${o.answerThreshold})`;
      return sql`${logTurns.decision} = 'answer'`;
    };
    const shared = inboxWhere({ ...o, queue: "unmatched" }, { skipQueue: true });
    const [r] = await db
      .select({
        unmatched: sql<number>`coalesce(sum(case when ${cond("unmatched")} then 1 else 0 end), 0)`,
        near: sql<number>`coalesce(sum(case when ${cond("near")} then 1 else 0 end), 0)`,
        sample: sql<number>`coalesce(sum(case when ${cond("sample")} then 1 else 0 end), 0)`,
      })
      .from(logTurns)
      .where(shared);
    return { unmatched: r.unmatched, near: r.near, sample: Math.min(r.sample, o.sampleSize ?? 200) };
  });
}

/** The turns of a cluster (its keys), newest first, paginated. */
export async function clusterMembers(db: Db, o: InboxOptions & { keys: string[]; page?: number; pageSize?: number; raw?: boolean }) {
  const page = Math.max(1, o.page ?? 1);
  const pageSize = Math.min(100, Math.max(5, o.pageSize ?? 20));
  const where = and(inboxWhere({ ...o, queue: o.queue }), inArray(logTurns.normKey, o.keys.slice(0, 500)));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: logTurns.id,
        text: logTurns.text,
        rawText: logTurns.rawText,
        sessionKey: logTurns.sessionKey,
        time: logTurns.time,
        batchId: logTurns.batchId,
        decision: logTurns.decision,
        faqId: logTurns.faqId,
        confidence: logTurns.confidence,
      })
      .from(logTurns)
      .where(where)
      .orderBy(desc(logTurns.time), desc(logTurns.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: sql<number>`count(*)` })
      .from(logTurns)
      .where(where),
  ]);
  // Raw text leaves this function only when asked for (admins with readRawLogs).
  return { rows: rows.map(({ rawText, ...r }) => (o.raw ? { ...r, rawText } : r)), total, page, pageSize };
}

/** Unlabeled customer turns of the given keys in the whole workspace: acting on a cluster labels the question everywhere. */
export async function turnIdsForKeys(db: Q, opts: { workspaceId: number; keys: string[] }) {
  const out: number[] = [];
  for (let i = 0; i < opts.keys.length; i += 500) {
    const part = opts.keys.slice(i, i + 500);
    const rows = await db
      .select({ id: logTurns.id })
      .from(logTurns)
      .where(
        and(
          eq(logTurns.workspaceId, opts.workspaceId),
          eq(logTurns.role, "customer"),
          isNull(logTurns.noise),
          inArray(logTurns.normKey, part),
          turnVisible,
          sql`not ${activeLabel}`,
        ),
      );
    for (const r of rows) out.push(r.id);
  }
  return out;
}

/** The turns before and after one turn in the same session. */
export async function sessionContext(db: Db, opts: { workspaceId: number; turnId: number; around?: number; raw?: boolean }) {
  const turn = await db.query.logTurns.findFirst({ where: and(eq(logTurns.workspaceId, opts.workspaceId), eq(logTurns.id, opts.turnId)) });
  if (!turn) return null;
  const around = opts.around ?? 6;
  const all = await db
    .select({
      id: logTurns.id,
      role: logTurns.role,
      text: logTurns.text,
      rawText: logTurns.rawText,
      time: logTurns.time,
      noise: logTurns.noise,
      decision: logTurns.decision,
      batchId: logTurns.batchId,
      seq: logTurns.seq,
    })
    .from(logTurns)
    .where(and(eq(logTurns.workspaceId, opts.workspaceId), eq(logTurns.sessionKey, turn.sessionKey), turnVisible))
    .orderBy(sql`coalesce(${logTurns.time}, 0)`, asc(logTurns.batchId), asc(logTurns.seq))
    .limit(2000);
  const i = all.findIndex((t) => t.id === turn.id);
  const slice = all.slice(Math.max(0, i - around), i + around + 1);
  return {
    sessionKey: turn.sessionKey,
    turnId: turn.id,
    turns: slice.map(({ rawText, ...t }) => ({ ...t, current: t.id === turn.id, ...(opts.raw ? { rawText } : {}) })),
  };
}

/* ------------------------------------------------------------------ labels */

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
  skipped: { text: string; reason: string; faqId?: number; question?: string }[];
  /** The FAQ changed (variants added or removed), so the engine must retrain. */
  knowledgeChanged: boolean;
}

export class LabelError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
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

/** Add texts as variants of an FAQ inside a transaction (the same checks as saveFaq). */
async function addVariants(tx: Tx, opts: { workspaceId: number; userId: number | null; faqId: number; texts: string[] }) {
  const faq = await getFaq(tx, { workspaceId: opts.workspaceId, id: opts.faqId });
  if (!faq) throw new LabelError("faq.missing", `FAQ #${opts.faqId} does not exist`);
  const have = new Set([faq.question, ...faq.variants].map((v) => normalizeKey(v)));
  const skipped: LabelResult["skipped"] = [];
  let candidates: string[] = [];
  for (const raw of opts.texts) {
    const text = tidyText(raw);
    const key = normalizeKey(text);
    if (!key || have.has(key)) continue;
    if (text.length > MAX_VARIANT_LENGTH) {
      skipped.push({ text, reason: "tooLong" });
      continue;
    }
    have.add(key);
    candidates.push(text);
  }
  const input = (vs: string[]) => ({
    question: faq.question,
    answer: faq.answer,
    categoryId: faq.categoryId,
    variants: [...faq.variants, ...vs],
    keywords: faq.keywords,
    relatedIds: faq.related.map((r) => r.id),
    enabled: faq.enabled,
  });
  let check = await checkFaq(tx, { workspaceId: opts.workspaceId, id: faq.id, input: input(candidates) });
  if (check.conflicts.length) {
    // A wording that already belongs to another FAQ is not moved silently: skip it and say so.
    const clash = new Map(check.conflicts.map((c) => [normalizeKey(c.text), c]));
    candidates = candidates.filter((t) => {
      const c = clash.get(normalizeKey(t));
      if (c) skipped.push({ text: t, reason: "conflict", faqId: c.faqId, question: c.question });
      return !c;
    });
    check = await checkFaq(tx, { workspaceId: opts.workspaceId, id: faq.id, input: input(candidates) });
  }
  if (hasErrors(check)) {
    const first = Object.values(check.fieldErrors)[0];
    throw new LabelError(first?.code ?? "faq.invalid", first?.message ?? "the FAQ cannot be saved");
  }
  if (!candidates.length) return { added: [], skipped };
  await writeFaq(tx, { workspaceId: opts.workspaceId, userId: opts.userId, id: faq.id, input: input(candidates), action: "update" });
  return { added: candidates, skipped };
}

/**
 * Label turns (one action: a cluster or a selection). Records who, when and the bot's decision
 * at that time; a new label replaces the turn's previous one. "variant" adds the turns' distinct
 * wordings (most frequent first, at most 20) to the FAQ with the FAQ checks.
 */
export async function labelTurns(db: Db, input: LabelInput): Promise<LabelResult> {
  if (!input.turnIds.length) return { actionId: 0, labeled: 0, addedVariants: [], skipped: [], knowledgeChanged: false };
  if ((input.kind === "variant" || input.kind === "wrong") && !input.faqId) throw new LabelError("label.faqRequired", `${input.kind} needs an FAQ`);
  bumpVersion(input.workspaceId);
  return db.transaction(async (tx) => {
    const turns: (typeof logTurns.$inferSelect)[] = [];
    for (let i = 0; i < input.turnIds.length; i += 500) {
      const part = input.turnIds.slice(i, i + 500);
      turns.push(
        ...(await tx
          .select()
          .from(logTurns)
          .where(and(eq(logTurns.workspaceId, input.workspaceId), inArray(logTurns.id, part), eq(logTurns.role, "customer"), isNull(logTurns.noise)))),
      );
    }
    if (!turns.length) return { actionId: 0, labeled: 0, addedVariants: [], skipped: [], knowledgeChanged: false };
    const faqId = input.faqId ?? null;
    if (faqId !== null) {
      const f = await tx.query.faqs.findFirst({ where: and(eq(faqs.workspaceId, input.workspaceId), eq(faqs.id, faqId)), columns: { id: true } });
      if (!f) throw new LabelError("faq.missing", `FAQ #${faqId} does not exist`);
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
      const entry = await tx.query.auditLog.findFirst({
        where: and(eq(auditLog.workspaceId, opts.workspaceId), eq(auditLog.entity, "log_label"), eq(auditLog.entityId, opts.actionId)),
      });
      const addedKeys = new Set(((entry?.after as { addedVariants?: string[] } | null)?.addedVariants ?? []).map((t) => normalizeKey(t)));
      const faq = addedKeys.size ? await getFaq(tx, { workspaceId: opts.workspaceId, id: faqId }) : null;
      if (faq) {
        const keep = faq.variants.filter((v) => !addedKeys.has(normalizeKey(v)));
        removed = faq.variants.filter((v) => addedKeys.has(normalizeKey(v)));
        if (removed.length)
          await writeFaq(tx, {
            workspaceId: opts.workspaceId,
            userId: opts.userId,
            id: faq.id,
            input: {
              question: faq.question,
              answer: faq.answer,
              categoryId: faq.categoryId,
              variants: keep,
              keywords: faq.keywords,
              relatedIds: faq.related.map((r) => r.id),
              enabled: faq.enabled,
            },
            action: "update",
          });
      }
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
  const page = Math.max(1, opts.page ?? 1);
  const pageSize = Math.min(100, Math.max(5, opts.pageSize ?? 20));
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
      .offset((page - 1) * pageSize),
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

/* ------------------------------------------------------------------ export */

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
