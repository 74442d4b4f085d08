/**
 * The routes' door to chat logs (db/queries/logs.ts): imports run as background jobs with
 * progress the page polls, then replay through the bot (decideMany); the inbox gets the engine's
 * thresholds, similarity and suggestions; labels that change knowledge trigger a retrain.
 */
import crypto from "node:crypto";

import { z } from "zod";

import { getDb } from "~/db.server";

import * as q from "../../db/queries/logs";
import { getSettings } from "../../db/queries/settings";
import { DECISIONS } from "../../training/decisions";
import { KbError } from "../../training/errors";
import { type CleaningSettings,type ColumnMapping, previewLogFile } from "../../training/logs";
import { decideMany } from "./bot.server";
import { type Engine,engineStatus, getEngine } from "./engine.server";
import { onKnowledgeChanged } from "./knowledge-events.server";

export type { InboxCluster, InboxFilter, LabelKind, Queue, StoredReport } from "../../db/queries/logs";
export { LABEL_KINDS, MAX_LOG_FILE_BYTES } from "../../db/queries/logs";

/* ------------------------------------------------------------------ import and replay jobs */

export interface LogJob {
  id: string;
  workspaceId: number;
  fileName: string;
  phase: "import" | "replay" | "done" | "failed";
  rows: number;
  fraction: number;
  replayed: number;
  replayTotal: number;
  batchId: number | null;
  existing: boolean;
  report: q.StoredReport | null;
  replay: q.ReplayResult | null;
  error: { code: string; message: string } | null;
  startedAt: number;
  finishedAt: number | null;
}

const g = globalThis as unknown as { __kbLogJobs?: Map<string, LogJob> };
const jobs = (g.__kbLogJobs ??= new Map());

function pruneJobs() {
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const [id, j] of jobs) if (j.finishedAt && j.finishedAt < cutoff) jobs.delete(id);
}

export function getLogJob(workspaceId: number, id: string): LogJob | null {
  const j = jobs.get(id);
  return j && j.workspaceId === workspaceId ? j : null;
}

function decider(workspaceId: number): q.DecideManyFn {
  return (texts) => decideMany(workspaceId, texts);
}

/** Start importing a file; the returned job id is polled for progress. */
export function startLogImport(opts: { workspaceId: number; userId: number; fileName: string; bytes: Uint8Array; mapping?: ColumnMapping; cleaning?: Partial<CleaningSettings> }) {
  const job = newJob({ workspaceId: opts.workspaceId, fileName: opts.fileName, phase: "import", fraction: 0, batchId: null });
  void (async () => {
    try {
      const r = await q.importLogFile(getDb(), {
        workspaceId: opts.workspaceId,
        userId: opts.userId,
        fileName: opts.fileName,
        data: opts.bytes,
        mapping: opts.mapping,
        cleaning: opts.cleaning,
        onProgress: (p) => {
          job.rows = p.rows;
          job.fraction = p.fraction;
          job.report = p.report;
        },
      });
      job.batchId = r.batchId;
      job.existing = r.existing;
      job.report = r.report;
      job.fraction = 1;
      if (!r.existing) {
        job.phase = "replay";
        await replayInto(job, r.batchId);
      }
      job.phase = "done";
    } catch (e) {
      job.phase = "failed";
      job.error = e instanceof KbError ? { code: e.code, message: e.message } : { code: "INTERNAL", message: (e as Error).message };
      if (!(e instanceof KbError)) console.warn(`[kb-studio] log import failed: ${(e as Error).stack}`);
    } finally {
      job.finishedAt = Date.now();
    }
  })();
  return job.id;
}

/** A registered job in its first phase, nothing counted yet (finished old jobs are dropped first). */
function newJob(start: Pick<LogJob, "workspaceId" | "fileName" | "phase" | "fraction" | "batchId">): LogJob {
  pruneJobs();
  const job: LogJob = {
    ...start,
    id: crypto.randomUUID(),
    rows: 0,
    replayed: 0,
    replayTotal: 0,
    existing: false,
    report: null,
    replay: null,
    error: null,
    startedAt: Date.now(),
    finishedAt: null,
  };
  jobs.set(job.id, job);
  return job;
}

/** Replays a batch (or the whole workspace) through the bot, reporting progress on the job. */
async function replayInto(job: LogJob, batchId: number | undefined) {
  job.replay = await q.replayTurns(getDb(), {
    workspaceId: job.workspaceId,
    batchId,
    decide: decider(job.workspaceId),
    onProgress: (done, total) => {
      job.replayed = done;
      job.replayTotal = total;
    },
  });
}

/** Replay every turn of the workspace (after knowledge changes) as a job. */
export function startReplay(opts: { workspaceId: number; batchId?: number }) {
  const job = newJob({ workspaceId: opts.workspaceId, fileName: "", phase: "replay", fraction: 1, batchId: opts.batchId ?? null });
  void (async () => {
    try {
      await replayInto(job, opts.batchId);
      job.phase = "done";
    } catch (e) {
      job.phase = "failed";
      job.error = { code: e instanceof KbError ? e.code : "INTERNAL", message: (e as Error).message };
    } finally {
      job.finishedAt = Date.now();
    }
  })();
  return job.id;
}

export async function previewLogUpload(fileName: string, bytes: Uint8Array) {
  return previewLogFile(bytes, fileName, 5);
}

export const listBatches = (opts: Parameters<typeof q.listBatches>[1]) => q.listBatches(getDb(), opts);
export const getBatch = (opts: Parameters<typeof q.getBatch>[1]) => q.getBatch(getDb(), opts);
/** Deletes a batch, its turns and labels; "busy" while it is still being imported, null when unknown. */
export async function deleteBatch(opts: Parameters<typeof q.deleteBatch>[1]) {
  try {
    return await q.deleteBatch(getDb(), opts);
  } catch (e) {
    if (e instanceof KbError && e.code === "BATCH_BUSY") return "busy" as const;
    throw e;
  }
}
export const countUnreplayed = (opts: Parameters<typeof q.countUnreplayed>[1]) => q.countUnreplayed(getDb(), opts);
export const exportLogTurns = (opts: Parameters<typeof q.exportLogTurns>[1]) => q.exportLogTurns(getDb(), opts);
export const labelAccuracy = (opts: Parameters<typeof q.labelAccuracy>[1]) => q.labelAccuracy(getDb(), opts);
export const recentActions = (opts: Parameters<typeof q.recentActions>[1]) => q.recentActions(getDb(), opts);
export const sessionContext = (opts: Parameters<typeof q.sessionContext>[1]) => q.sessionContext(getDb(), opts);
export const faqTitles = (workspaceId: number, ids: number[]) => q.faqTitles(getDb(), workspaceId, ids);
export const noisePatterns = async (workspaceId: number) => (await getSettings(getDb(), workspaceId)).logNoisePatterns;

/** Saves a shop's noise rules (the textarea's lines) and applies them to the turns already imported. */
export async function saveNoisePatterns(opts: { workspaceId: number; userId: number; text: string }) {
  return q.setNoisePatterns(getDb(), { workspaceId: opts.workspaceId, userId: opts.userId, patterns: q.parseNoisePatterns(opts.text) });
}

/* ------------------------------------------------------------------ the inbox */

/**
 * The workspace's engine if one is built; otherwise start building it and go on without (the
 * inbox must not wait for a first training, which can take a while on a busy machine).
 */
async function engineOrNull(workspaceId: number): Promise<Engine | null> {
  const status = await engineStatus(workspaceId);
  if (!status.stats) {
    void getEngine(workspaceId).catch(() => undefined);
    return null;
  }
  try {
    return await getEngine(workspaceId);
  } catch (e) {
    if (e instanceof KbError && e.code === "EMPTY_KB") return null;
    throw e;
  }
}

/** The answer threshold in force (the workspace's override, else the engine's calibration). */
export async function answerThreshold(workspaceId: number) {
  const settings = await getSettings(getDb(), workspaceId);
  if (settings.answerThreshold !== null) return settings.answerThreshold;
  const engine = await engineOrNull(workspaceId);
  return engine?.calibration.answerThreshold ?? 0.5;
}

export async function inboxClusters(opts: Omit<q.InboxOptions, "answerThreshold" | "similarity">) {
  const [threshold, engine] = await Promise.all([answerThreshold(opts.workspaceId), engineOrNull(opts.workspaceId)]);
  const base = { ...opts, answerThreshold: threshold };
  const [clusters, counts] = await Promise.all([
    q.inboxClusters(getDb(), { ...base, similarity: engine ? (a, b) => engine.similarity(a, b) : undefined }),
    q.queueCounts(getDb(), base),
  ]);
  return { clusters, counts, answerThreshold: threshold };
}

export async function clusterMembers(opts: Omit<q.InboxOptions, "answerThreshold" | "similarity"> & { keys: string[]; page?: number; pageSize?: number; raw?: boolean }) {
  return q.clusterMembers(getDb(), { ...opts, answerThreshold: await answerThreshold(opts.workspaceId) });
}

/** The engine's best FAQs for each question (one engine for the whole request): the picker opens on these. */
export async function suggestFaqs(workspaceId: number, texts: string[], k = 5) {
  const engine = await engineOrNull(workspaceId);
  if (!engine) return texts.map(() => []);
  return Promise.all(
    texts.map(async (text) =>
      (await engine.matchAsync(text, { k })).map((h) => ({ faqId: Number(h.faqId), question: h.question, confidence: Math.round(h.confidence * 1000) / 1000 })),
    ),
  );
}

/** Find a cluster of the current view by id (the action recomputes; the cache makes it cheap). */
export async function findCluster(opts: Omit<q.InboxOptions, "answerThreshold" | "similarity">, id: string) {
  const { clusters } = await inboxClusters(opts);
  return clusters.find((c) => c.id === id) ?? null;
}

/** Labels the turns of clusters exactly as the inbox view (the same filters) counts them. */
export async function labelKeys(opts: {
  workspaceId: number;
  userId: number;
  kind: q.LabelKind;
  faqId?: number | null;
  keys: string[];
  view: Omit<q.InboxOptions, "answerThreshold" | "similarity">;
}) {
  const { view, keys, ...label } = opts;
  const turnIds = await q.clusterTurnIds(getDb(), { ...view, workspaceId: opts.workspaceId, answerThreshold: await answerThreshold(opts.workspaceId), keys });
  return labelTurns({ ...label, turnIds });
}

export async function labelTurns(opts: q.LabelInput) {
  const r = await q.labelTurns(getDb(), opts);
  if (r.knowledgeChanged) onKnowledgeChanged(opts.workspaceId);
  return r;
}

export async function undoLabels(opts: { workspaceId: number; userId: number; actionId: number }) {
  const r = await q.undoLabels(getDb(), opts);
  if (r.knowledgeChanged) onKnowledgeChanged(opts.workspaceId);
  return r;
}

/* ------------------------------------------------------------------ the inbox URL */

const dateMs = (end: boolean) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    // Shop days are China days (UTC+8), like the times in the logs.
    .transform((s) => Date.parse(`${s}T${end ? "23:59:59.999" : "00:00:00"}+08:00`))
    .optional()
    .catch(undefined);

/** The inbox's filters, as they appear in the URL (shared by the page and its resource routes). */
export const InboxQuerySchema = z.object({
  queue: z.enum(["unmatched", "near", "sample"]).catch("unmatched").default("unmatched"),
  batch: z.coerce.number().int().positive().optional().catch(undefined),
  from: dateMs(false),
  to: dateMs(true),
  decision: z.enum(DECISIONS).optional().catch(undefined),
  category: z.coerce.number().int().positive().optional().catch(undefined),
  min: z.coerce.number().min(0).max(1).optional().catch(undefined),
  max: z.coerce.number().min(0).max(1).optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  page: z.coerce.number().int().positive().optional().catch(1),
  pageSize: z.coerce.number().int().min(5).max(100).optional().catch(20),
});

export function inboxFilterFrom(workspaceId: number, params: URLSearchParams) {
  const raw = Object.fromEntries(params);
  const qy = InboxQuerySchema.parse(raw);
  return {
    query: { ...qy, from: raw.from && qy.from !== undefined ? raw.from : undefined, to: raw.to && qy.to !== undefined ? raw.to : undefined },
    filter: {
      workspaceId,
      queue: qy.queue,
      batchId: qy.batch,
      from: qy.from,
      to: qy.to,
      decision: qy.decision,
      categoryId: qy.category,
      minConfidence: qy.min,
      maxConfidence: qy.max,
      q: qy.q?.trim() || undefined,
    } satisfies Omit<q.InboxOptions, "answerThreshold">,
  };
}
