/**
 * One trained engine per workspace, kept in memory and persisted in the data folder. Knowledge
 * changes schedule a debounced retrain in the background; the old engine keeps answering until
 * the new one is ready. A process that starts with an engine file whose fingerprint matches the
 * knowledge base loads it instead of training again.
 */
import fs from "node:fs/promises";
import path from "node:path";

import { desc, eq } from "drizzle-orm";

import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";

import type { BotContent } from "../../db/queries/bot-content";
import { dbEmbeddingCache } from "../../db/queries/embedding-cache";
import { type EngineInput,loadEngineInput } from "../../db/queries/engine-input";
import { engineInputFromContent } from "../../db/queries/engine-input";
import { getSettings } from "../../db/queries/settings";
import { loadEngineFiles, trainEngine } from "../../db/queries/version-engine";
import { getVersion, getVersionById, latestVersionIds, versionFiles } from "../../db/queries/versions";
import { auditLog } from "../../db/schema";
import { type BuildPhase, type Embedder, type Engine, LABELS_MIN, loadEngine } from "../../training/engine";
import { listInstalledModels, loadTransformerEmbedder, withCache } from "../../training/transformer/embedder";
import { HnswVectorIndex, loadHnswIndex } from "../../training/vector-index";
import { subscribeKnowledgeChanged } from "./knowledge-events.server";

export type { Engine };

export interface EngineStatus {
  state: "empty" | "building" | "ready" | "failed";
  phase: BuildPhase | null;
  done: number;
  total: number;
  builtAt: number | null;
  stale: boolean;
  error: string | null;
  stats: { faqs: number; variants: number; trainMs: number; encoders: string[] } | null;
  /** Where the current engine came from: the file saved in DATA_DIR, or trained by this process. */
  source: "saved" | "trained" | null;
  calibration: {
    answerThreshold: number;
    clarifyThreshold: number;
    source: string;
    thresholdsFrom: "held-out" | "labels";
    heldOut: number;
    labels: { inScope: number; outOfScope: number };
    estimated: { hitRate: number; answerPrecision: number } | null;
  } | null;
}

interface Slot {
  engine: Engine | null;
  input: EngineInput | null;
  /** Newest audit id when the engine's input was read: a cheap "did anything change?" token. */
  token: number;
  builtAt: number | null;
  source: "saved" | "trained" | null;
  building: Promise<Engine> | null;
  progress: { phase: BuildPhase | null; done: number; total: number };
  error: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  rebuildAgain: boolean;
}

const g = globalThis as unknown as { __kbEngines?: Map<number, Slot>; __kbEngineSubscribed?: boolean; __kbEmbedder?: Promise<Embedder | null> };
const slots = (g.__kbEngines ??= new Map());
const DEBOUNCE_MS = 1500;

function slot(workspaceId: number): Slot {
  let s = slots.get(workspaceId);
  if (!s) {
    s = { engine: null, input: null, token: -1, builtAt: null, source: null, building: null, progress: { phase: null, done: 0, total: 0 }, error: null, timer: null, rebuildAgain: false };
    slots.set(workspaceId, s);
  }
  return s;
}

async function knowledgeToken(workspaceId: number) {
  const [row] = await getDb().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId)).orderBy(desc(auditLog.id)).limit(1);
  return row?.id ?? 0;
}

/** A pretrained model from MODELS_DIR when one is installed; null otherwise (lexical + trained encoder). */
function embedder(): Promise<Embedder | null> {
  g.__kbEmbedder ??= (async () => {
    const env = getEnv();
    const models = listInstalledModels(env.MODELS_DIR);
    if (!models.length) return null;
    try {
      const e = await loadTransformerEmbedder({ modelsDir: env.MODELS_DIR, name: models[0] });
      return withCache(e, dbEmbeddingCache(getDb()));
    } catch (err) {
      console.warn(`[kb-studio] pretrained model ${models[0]} could not be loaded: ${(err as Error).message}`);
      return null;
    }
  })();
  return g.__kbEmbedder;
}

function engineFile(workspaceId: number) {
  return path.join(getEnv().dataDir, "engines", `ws-${workspaceId}.kben`);
}

/** The HNSW graph of a large KB, saved beside its engine (with a checksummed sidecar). */
function annFile(workspaceId: number) {
  return path.join(getEnv().dataDir, "engines", `ws-${workspaceId}.hnsw`);
}

async function saveEngine(workspaceId: number, engine: Engine, fingerprint: string) {
  const file = engineFile(workspaceId);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const bytes = engine.serialize();
  const fh = await fs.open(tmp, "w");
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
  await fs.writeFile(`${file}.json`, JSON.stringify({ fingerprint, savedAt: Date.now(), bytes: bytes.byteLength }));
  if (engine.annIndex instanceof HnswVectorIndex) await engine.annIndex.save(annFile(workspaceId), fingerprint);
}

async function loadSavedEngine(workspaceId: number, fingerprint: string, emb: Embedder | null): Promise<Engine | null> {
  const file = engineFile(workspaceId);
  try {
    const meta = JSON.parse(await fs.readFile(`${file}.json`, "utf8")) as { fingerprint: string; bytes: number };
    if (meta.fingerprint !== fingerprint) return null;
    const bytes = new Uint8Array(await fs.readFile(file));
    if (bytes.byteLength !== meta.bytes) return null;
    // Missing, stale (another fingerprint) or damaged (checksum): null, and the graph is rebuilt.
    const annIndex = await loadHnswIndex(annFile(workspaceId), { fingerprint });
    return loadEngine(bytes, { embedder: emb ?? undefined, annIndex });
  } catch {
    return null;
  }
}

async function build(workspaceId: number): Promise<Engine> {
  const s = slot(workspaceId);
  const db = getDb();
  const token = await knowledgeToken(workspaceId);
  const input = await loadEngineInput(db, workspaceId);
  if (s.engine && s.input?.fingerprint === input.fingerprint) {
    s.token = token;
    s.input = input;
    return s.engine;
  }
  const emb = await embedder();
  let engine = await loadSavedEngine(workspaceId, input.fingerprint, emb);
  s.source = engine ? "saved" : "trained";
  if (!engine) {
    const settings = await getSettings(db, workspaceId);
    s.progress = { phase: "prepare", done: 0, total: 1 };
    engine = await trainEngine(input, settings, {
      embedder: emb,
      onProgress: (phase, done, total) => {
        s.progress = { phase, done, total };
      },
    });
    await saveEngine(workspaceId, engine, input.fingerprint).catch((e) => console.warn(`[kb-studio] could not save the engine: ${(e as Error).message}`));
  }
  s.engine = engine;
  s.input = input;
  s.token = token;
  s.builtAt = Date.now();
  s.error = null;
  return engine;
}

function startBuild(workspaceId: number): Promise<Engine> {
  const s = slot(workspaceId);
  if (s.building) {
    s.rebuildAgain = true;
    return s.building;
  }
  s.building = build(workspaceId)
    .catch((e) => {
      s.error = (e as Error).message;
      throw e;
    })
    .finally(() => {
      s.building = null;
      s.progress = { phase: null, done: 0, total: 0 };
      if (s.rebuildAgain) {
        s.rebuildAgain = false;
        void startBuild(workspaceId).catch(() => undefined);
      }
    });
  return s.building;
}

/** Retrain soon, in the background (several quick edits cause one retrain). */
export function requestRetrain(workspaceId: number, delayMs = DEBOUNCE_MS) {
  const s = slot(workspaceId);
  if (s.timer) clearTimeout(s.timer);
  s.timer = setTimeout(() => {
    s.timer = null;
    void startBuild(workspaceId).catch(() => undefined);
  }, delayMs);
}

if (!g.__kbEngineSubscribed) {
  g.__kbEngineSubscribed = true;
  subscribeKnowledgeChanged((workspaceId) => requestRetrain(workspaceId));
}

/**
 * The workspace's engine. With `fresh`, waits for a retrain when the knowledge changed since the
 * engine was built (the simulator: a trainer expects an edit to take effect); otherwise serves the
 * current engine while a retrain runs in the background (the API: latency first).
 */
export async function getEngine(workspaceId: number, opts: { fresh?: boolean } = {}): Promise<Engine> {
  const s = slot(workspaceId);
  if (!s.engine) {
    const e = await (s.building ?? startBuild(workspaceId));
    // A build that started before the latest change is not fresh enough for the simulator.
    if (opts.fresh && (await knowledgeToken(workspaceId)) !== s.token) return getEngine(workspaceId, opts);
    return e;
  }
  const token = await knowledgeToken(workspaceId);
  if (token !== s.token) {
    // Changed by another process (CLI import, another app instance) or not yet picked up.
    if (opts.fresh) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
      return s.building ? s.building.then(() => getEngine(workspaceId, opts)) : startBuild(workspaceId);
    }
    if (!s.building && !s.timer) requestRetrain(workspaceId, 0);
  }
  return s.engine;
}

/** The engine as it is now, without waiting (null before the first training, which this starts). */
export function currentEngine(workspaceId: number): Engine | null {
  const s = slot(workspaceId);
  if (!s.engine && !s.building) void startBuild(workspaceId).catch(() => undefined);
  return s.engine;
}

export function getEngineInput(workspaceId: number) {
  return slot(workspaceId).input;
}

/** Retrain now (the "重新训练" button), waiting for the result. */
export async function retrainNow(workspaceId: number) {
  const s = slot(workspaceId);
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  // Drop the saved file's claim: an explicit retrain trains from scratch.
  s.input = null;
  await fs.rm(`${engineFile(workspaceId)}.json`, { force: true });
  return startBuild(workspaceId);
}

/** In-scope labels from which the thresholds follow the inbox labels. */
export const LABELS_FOR_CALIBRATION = LABELS_MIN;

function calibrationOf(e: Engine): NonNullable<EngineStatus["calibration"]> {
  const c = e.calibration;
  return {
    answerThreshold: c.answerThreshold,
    clarifyThreshold: c.clarifyThreshold,
    source: c.source,
    thresholdsFrom: c.thresholdsFrom ?? "held-out",
    heldOut: c.heldOut.inScope,
    labels: c.labels ?? { inScope: 0, outOfScope: 0 },
    estimated: c.estimated ? { hitRate: c.estimated.hitRate, answerPrecision: c.estimated.answerPrecision } : null,
  };
}

export async function engineStatus(workspaceId: number): Promise<EngineStatus> {
  const s = slot(workspaceId);
  const stale = s.engine ? (await knowledgeToken(workspaceId)) !== s.token : true;
  const e = s.engine;
  return {
    state: s.building ? "building" : e ? "ready" : s.error ? "failed" : "empty",
    phase: s.progress.phase,
    done: s.progress.done,
    total: s.progress.total,
    builtAt: s.builtAt,
    stale,
    error: s.error,
    source: e ? s.source : null,
    stats: e ? { faqs: e.stats.faqs, variants: e.stats.variants, trainMs: Math.round(e.stats.trainMs), encoders: e.stats.encoders } : null,
    calibration: e ? calibrationOf(e) : null,
  };
}

/** Loads (or trains) every workspace's engine after a start, one at a time, in the background. */
export async function warmUpEngines() {
  const g2 = globalThis as unknown as { __kbWarm?: boolean };
  if (g2.__kbWarm || process.env.KB_NO_WARMUP === "1") return;
  g2.__kbWarm = true;
  const rows = await getDb().query.workspaces.findMany({ columns: { id: true } });
  for (const r of rows) await getEngine(r.id).catch(() => undefined);
}

/**
 * The draft engine when it was built from exactly this fingerprint (publishing reuses it instead
 * of training the same knowledge again); null otherwise.
 */
export function draftEngineIfCurrent(workspaceId: number, fingerprint: string): Engine | null {
  const s = slot(workspaceId);
  return s.engine && s.input?.fingerprint === fingerprint ? s.engine : null;
}

export { embedder as engineEmbedder };

/* ------------------------------------------------------------------ published versions (issue 13) */

/** A published version as this instance serves it: its snapshot and its engine, loaded once. */
export interface LoadedVersion {
  id: number;
  workspaceId: number;
  number: number;
  content: BotContent;
  input: EngineInput;
  /** null for a version of a knowledge base without answered FAQs. */
  engine: Engine | null;
}

const VERSION_POLL_MS = 500;
const MAX_CACHED_VERSIONS = 8;

interface VersionState {
  /** Version id → its loaded snapshot (a few, the newest kept). */
  cache: Map<number, Promise<LoadedVersion | null>>;
  /** Workspace → its newest version id, refreshed by polling. */
  latest: Map<number, number>;
  ready: Promise<void> | null;
  timer: ReturnType<typeof setInterval> | null;
}

const gv = globalThis as unknown as { __kbVersions?: VersionState };
const vstate: VersionState = (gv.__kbVersions ??= { cache: new Map(), latest: new Map(), ready: null, timer: null });

async function pollLatest() {
  const ids = await latestVersionIds(getDb());
  vstate.latest = ids;
}

/**
 * Starts polling the newest version of every workspace (one small query for all of them, twice a
 * second), so that a publish made by another instance is answered here within a second.
 */
function versionsReady(): Promise<void> {
  if (!vstate.ready) {
    vstate.ready = pollLatest();
    vstate.timer = setInterval(() => void pollLatest().catch((e) => console.warn(`[kb-studio] polling versions: ${(e as Error).message}`)), VERSION_POLL_MS);
    vstate.timer.unref?.();
  }
  return vstate.ready;
}

/** This instance committed a version: serve it at once, without waiting for the next poll. */
export function noteVersionPublished(workspaceId: number, versionId: number) {
  if ((vstate.latest.get(workspaceId) ?? 0) < versionId) vstate.latest.set(workspaceId, versionId);
}

async function loadVersion(versionId: number): Promise<LoadedVersion | null> {
  const db = getDb();
  const row = await getVersionById(db, versionId);
  if (!row) return null;
  const content = row.content as BotContent;
  const input = engineInputFromContent(content);
  const files = await versionFiles(db, row.id);
  const engine = files.engine ? await loadEngineFiles(files, row.fingerprint, await embedder()) : null;
  return { id: row.id, workspaceId: row.workspaceId, number: row.number, content, input, engine };
}

function cachedVersion(versionId: number): Promise<LoadedVersion | null> {
  let p = vstate.cache.get(versionId);
  if (!p) {
    p = loadVersion(versionId);
    p.catch(() => vstate.cache.delete(versionId));
    vstate.cache.set(versionId, p);
    while (vstate.cache.size > MAX_CACHED_VERSIONS) vstate.cache.delete(vstate.cache.keys().next().value!);
  }
  return p;
}

/** The latest published version of a workspace, or version number N; null when there is none. */
export async function getVersionEngine(workspaceId: number, version: "published" | number): Promise<LoadedVersion | null> {
  if (version === "published") {
    await versionsReady();
    const id = vstate.latest.get(workspaceId);
    return id ? cachedVersion(id) : null;
  }
  const row = await getVersion(getDb(), { workspaceId, version });
  return row ? cachedVersion(row.id) : null;
}
