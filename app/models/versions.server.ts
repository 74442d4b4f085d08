/**
 * Publishing, rollback and diffs of knowledge-base versions (issue 13), the door from routes and
 * the CLI to db/queries/versions.ts. Publishing is a background job (kind "kb.publish", one per
 * workspace at a time): snapshot the draft → train its engine (or reuse the draft engine when its
 * fingerprint matches) → run the gate → commit. A rollback publishes an earlier version's
 * snapshot and engine files again as a new number; nothing is retrained.
 */
import { getDb } from "~/db.server";

import { type BotContent, loadBotContent } from "../../db/queries/bot-content";
import { engineInputFromContent } from "../../db/queries/engine-input";
import { compareOutcomes, DAY_MS, type ImpactReport, type Outcome, recentCustomerTurns } from "../../db/queries/impact";
import { listJobs } from "../../db/queries/jobs";
import { getSettings } from "../../db/queries/settings";
import { engineFiles, trainEngine } from "../../db/queries/version-engine";
import { commitVersion, type ContentDiff, diffContent, listVersions, NO_GATE, requireVersion, versionFiles } from "../../db/queries/versions";
import type { GateOutcome, Role } from "../../db/schema";
import { KbError } from "../../training/errors";
import { decideMany, loadBot, snapshotBot } from "./bot.server";
import { draftEngineIfCurrent, type Engine, engineEmbedder, noteVersionPublished } from "./engine.server";
import { gateOutcome, runGate } from "./gate.server";
import { type JobContext, type JobRow, registerJobHandler, runJobNow, startJob } from "./jobs.server";

export const PUBLISH_JOB = "kb.publish";
export const MAX_NOTE_LENGTH = 500;

export interface PublishPayload {
  note: string;
  /** An admin's reason to publish despite a failing gate (null: the gate decides). */
  overrideReason: string | null;
}

/** What a publish job leaves as its result (and `kb:publish --json` prints). */
export interface PublishResult {
  /** The new version number; null when the gate blocked. */
  version: number | null;
  blocked: boolean;
  faqs: number;
  variants: number;
  /** Whether the draft engine was reused (same fingerprint) instead of training again. */
  reused: boolean;
  gate: GateOutcome;
}

/** Who may publish: admins always; trainers when the workspace allows it. Overriding a gate: admins. */
export async function assertMayPublish(workspaceId: number, role: Role, overrideReason: string | null) {
  const settings = await getSettings(getDb(), workspaceId);
  if (role !== "admin" && !(role === "trainer" && settings.trainersCanPublish)) throw new KbError("PUBLISH_NOT_ALLOWED", {});
  if (overrideReason !== null && role !== "admin") throw new KbError("PUBLISH_NOT_ALLOWED", {});
}

/** What the 版本发布 page shows about publishing: may this role publish here, and the gate. */
export async function publishRights(workspaceId: number, role: Role) {
  const settings = await getSettings(getDb(), workspaceId);
  return { mayPublish: role === "admin" || (role === "trainer" && settings.trainersCanPublish), gate: settings.publishGate };
}

export function publishPayload(note: unknown, overrideReason: unknown): PublishPayload {
  const n = typeof note === "string" ? note.trim().slice(0, MAX_NOTE_LENGTH) : "";
  const r = typeof overrideReason === "string" ? overrideReason.trim().slice(0, MAX_NOTE_LENGTH) : null;
  if (r !== null && !r) throw new KbError("GATE_OVERRIDE_REASON", {});
  return { note: n, overrideReason: r };
}

async function trainOrReuse(ctx: JobContext, workspaceId: number, content: BotContent) {
  const input = engineInputFromContent(content);
  const reusedEngine = draftEngineIfCurrent(workspaceId, input.fingerprint);
  if (reusedEngine) return { input, engine: reusedEngine as Engine | null, reused: true };
  if (!input.kb.faqs.length) return { input, engine: null, reused: false };
  const engine = await trainEngine(input, content.settings, {
    embedder: await engineEmbedder(),
    onProgress: (_phase, done, total) => ctx.progress(Math.round(5 + (total ? done / total : 0) * 75), 100, "train"),
  });
  return { input, engine, reused: false };
}

async function runPublish(ctx: JobContext): Promise<PublishResult> {
  const { db, job } = ctx;
  const payload = job.payload as unknown as PublishPayload;
  const workspaceId = job.workspaceId;
  ctx.progress(0, 100, "snapshot");
  const [content, live] = await Promise.all([loadBotContent(db, workspaceId), getSettings(db, workspaceId)]);
  ctx.throwIfCancelled();
  ctx.progress(5, 100, "train");
  const { input, engine, reused } = await trainOrReuse(ctx, workspaceId, content);
  ctx.throwIfCancelled();
  ctx.progress(80, 100, "gate");
  const bot = snapshotBot({ workspaceId, version: "draft", content, input, engine, live });
  const gateRun = await runGate(bot, live.publishGate);
  const gate = gateOutcome(gateRun, payload.overrideReason);
  const stats = { faqs: content.faqs.length, variants: content.faqs.reduce((n, f) => n + f.variants.length, 0) };
  if (!gateRun.passed && !payload.overrideReason) return { version: null, blocked: true, ...stats, reused, gate };
  ctx.throwIfCancelled();
  ctx.progress(95, 100, "commit");
  const files = engine ? await engineFiles(engine, input.fingerprint) : { engine: null, ann: null, annMeta: null };
  const row = await commitVersion(db, { workspaceId, userId: job.createdBy, note: payload.note, content, fingerprint: input.fingerprint, files, gate });
  noteVersionPublished(workspaceId, row.id);
  ctx.progress(100, 100, "done");
  return { version: row.number, blocked: false, ...stats, reused, gate };
}

registerJobHandler(PUBLISH_JOB, { run: runPublish });

function publishJob(workspaceId: number, userId: number | null, payload: PublishPayload) {
  return { workspaceId, kind: PUBLISH_JOB, payload: { ...payload }, lockKey: `publish:${workspaceId}`, createdBy: userId };
}

/** Queues a publish (the page polls its progress); JOB_BUSY while another publish of the workspace runs. */
export function startPublish(workspaceId: number, userId: number, payload: PublishPayload): Promise<number> {
  return startJob(publishJob(workspaceId, userId, payload));
}

/** The CLI: publish here and now with progress, through the same job. */
export function publishNow(workspaceId: number, userId: number | null, payload: PublishPayload, onProgress?: Parameters<typeof runJobNow>[1]): Promise<JobRow> {
  return runJobNow(publishJob(workspaceId, userId, payload), onProgress);
}

/**
 * Rollback: publishes version `number`'s snapshot and engine files again as a new version that
 * says what it restores (its gate passed, or was overridden, when it was first published).
 */
export async function rollbackTo(workspaceId: number, userId: number | null, number: number, note = "") {
  const db = getDb();
  const old = await requireVersion(db, { workspaceId, version: number });
  const files = await versionFiles(db, old.id);
  const row = await commitVersion(db, {
    workspaceId,
    userId,
    note: note.trim().slice(0, MAX_NOTE_LENGTH),
    content: old.content as BotContent,
    fingerprint: old.fingerprint,
    files,
    gate: NO_GATE,
    restores: old.number,
  });
  noteVersionPublished(workspaceId, row.id);
  return row;
}

export type VersionRef = "draft" | "published" | number;

export function parseVersionRef(s: string | null | undefined, fallback: VersionRef): VersionRef {
  if (!s) return fallback;
  if (s === "draft" || s === "published") return s;
  const n = Number(s.replace(/^v/i, ""));
  if (!Number.isInteger(n) || n < 1) throw new KbError("VERSION_NOT_FOUND", { version: s });
  return n;
}

async function contentOf(workspaceId: number, ref: VersionRef): Promise<{ label: "draft" | number; content: BotContent }> {
  const db = getDb();
  if (ref === "draft") return { label: "draft", content: await loadBotContent(db, workspaceId) };
  const row = await requireVersion(db, { workspaceId, version: ref });
  return { label: row.number, content: row.content as BotContent };
}

/** What changes from `a` to `b` (default: the published version → the draft). */
export async function diffVersions(workspaceId: number, a: VersionRef, b: VersionRef): Promise<{ a: "draft" | number; b: "draft" | number; diff: ContentDiff }> {
  const [ca, cb] = await Promise.all([contentOf(workspaceId, a), contentOf(workspaceId, b)]);
  return { a: ca.label, b: cb.label, diff: diffContent(ca.content, cb.content) };
}

export function versionsList(workspaceId: number, page = 1, pageSize = 20) {
  return listVersions(getDb(), { workspaceId, page, pageSize });
}

/** The newest published number, or null while nothing is published (pages then say the draft answers). */
export async function publishedNumber(workspaceId: number): Promise<number | null> {
  const { rows } = await listVersions(getDb(), { workspaceId, page: 1, pageSize: 1 });
  return rows[0]?.number ?? null;
}

/* ------------------------------------------------------------------ impact preview */

export const IMPACT_JOB = "kb.impact";
export const DEFAULT_IMPACT_DAYS = 14;
const IMPACT_CHUNK = 5000;

export interface ImpactResult extends ImpactReport {
  days: number;
  published: number;
  ms: number;
  /** FAQ id → question, for the FAQs the changed turns name (draft first, then the published version). */
  questions: Record<number, string>;
}

/**
 * Replays the customer turns of the last `days` days through the published bot and the draft:
 * each distinct text decided once per bot (decideMany), in chunks so progress and cancel work.
 */
async function runImpact(ctx: JobContext): Promise<ImpactResult> {
  const t0 = Date.now();
  const { db, job } = ctx;
  const days = Number((job.payload as { days?: number }).days) || DEFAULT_IMPACT_DAYS;
  const [published, draft] = await Promise.all([loadBot(job.workspaceId, { version: "published" }), loadBot(job.workspaceId, { version: "draft", fresh: true })]);
  if (published.version === "draft") throw new KbError("VERSION_NONE_PUBLISHED", {});
  const turns = await recentCustomerTurns(db, { workspaceId: job.workspaceId, since: Date.now() - days * DAY_MS });
  const texts = [...new Set(turns.map((t) => t.text))];
  const before = new Map<string, Outcome>();
  const after = new Map<string, Outcome>();
  for (let i = 0; i < texts.length; i += IMPACT_CHUNK) {
    ctx.throwIfCancelled();
    ctx.progress(i, texts.length, "replay");
    const chunk = texts.slice(i, i + IMPACT_CHUNK);
    const [b, a] = [await decideMany(job.workspaceId, chunk, { bot: published }), await decideMany(job.workspaceId, chunk, { bot: draft })];
    chunk.forEach((text, k) => {
      before.set(text, { decision: b[k].decision, faqId: b[k].faqId });
      after.set(text, { decision: a[k].decision, faqId: a[k].faqId });
    });
  }
  ctx.progress(texts.length, texts.length, "replay");
  const report = compareOutcomes(turns, before, after);
  const questions: Record<number, string> = {};
  for (const c of report.changed)
    for (const o of [c.before, c.after]) if (o.faqId != null) questions[o.faqId] ??= draft.questionOf(o.faqId) || published.questionOf(o.faqId);
  return { ...report, days, published: published.version, ms: Date.now() - t0, questions };
}

registerJobHandler(IMPACT_JOB, { run: runImpact });

function impactJob(workspaceId: number, userId: number | null, days: number) {
  return { workspaceId, kind: IMPACT_JOB, payload: { days }, lockKey: `impact:${workspaceId}`, createdBy: userId };
}

/** Queues an impact preview (one per workspace at a time). */
export function startImpact(workspaceId: number, userId: number, days: number): Promise<number> {
  return startJob(impactJob(workspaceId, userId, days));
}

/** The CLI: an impact preview here and now, with progress, through the same job. */
export function impactNow(workspaceId: number, days: number, onProgress?: Parameters<typeof runJobNow>[1]): Promise<JobRow> {
  return runJobNow(impactJob(workspaceId, null, days), onProgress);
}

/** The last finished impact preview of the workspace, if any (the page shows it again). */
export async function lastImpact(workspaceId: number) {
  const rows = await listJobs(getDb(), { workspaceId, kinds: [IMPACT_JOB], limit: 10 });
  const j = rows.find((r) => r.status === "done");
  return j ? { id: j.id, finishedAt: j.finishedAt, result: j.result as ImpactResult } : null;
}
