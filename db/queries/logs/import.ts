/** Importing a chat-log file as one batch (transactional, idempotent by content hash), listing and deleting batches. */
import { createHash } from "node:crypto";

import { and, desc, eq, inArray, sql } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import { decodeFile } from "../../../training/io/decode";
import {
  type CleaningSettings,
  type ColumnMapping,
  defaultCleaningSettings,
  detectFormat,
  LOG_FILE_TYPES,
  LogBatch,
  type LogItem,
  parseLogFile,
  recordRow,
  type ReportedBatch,
  turnHash,
} from "../../../training/logs";
import { normalizeKey } from "../../../training/normalize";
import type { Db } from "../../client";
import { logBatches, logLabels, logTurns, users } from "../../schema";
import { writeAudit } from "../audit";
import { pageWindow } from "../paging";
import { getSettings } from "../settings";
import { bumpVersion } from "./inbox-cache";
import { INSERT_ROWS, type Q, rawTx } from "./shared";

/** Uploads above this are refused (the server's multipart limit is 50 MB). */
export const MAX_LOG_FILE_BYTES = 50 * 1024 * 1024;

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

function sniffEncoding(data: Uint8Array, fileName: string): string {
  // Cut after a "\n" so that the sample never ends inside a multi-byte character.
  let slice = data.subarray(0, 64 * 1024);
  if (data.length > slice.length) {
    const nl = slice.lastIndexOf(0x0a);
    if (nl > 0) slice = slice.subarray(0, nl + 1);
  }
  return decodeFile(slice, fileName).encoding;
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
  const encoding = format === "xlsx" ? null : sniffEncoding(opts.data, opts.fileName);
  const settings = cleaningSettings({ noisePatterns: (await getSettings(db, opts.workspaceId)).logNoisePatterns, ...opts.cleaning });

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
  const { page, pageSize, offset } = pageWindow(opts);
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
      .offset(offset),
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
