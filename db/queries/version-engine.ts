/**
 * Training an engine from an engine input, and a published version's engine as database files
 * (issue 13: "the published engine is loaded from its snapshot, never retrained"): the serialized
 * engine plus, for large KBs, the HNSW graph and its checksummed sidecar. Shared by the app (draft
 * retrains, publishing) and the demo seed.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { buildEngineBytesInWorker } from "../../training/build-in-worker";
import { buildEngine, type BuildPhase, type Embedder, type Engine, loadEngine } from "../../training/engine";
import { KbError } from "../../training/errors";
import { HnswVectorIndex, loadHnswIndex, sidecarPath } from "../../training/vector-index";
import type { EngineInput } from "./engine-input";
import type { WorkspaceSettings } from "./settings";
import type { VersionFiles } from "./versions";

/** Trains the engine of an input: in a worker thread (in this thread with a pretrained embedder, or when workers fail). */
export async function trainEngine(
  input: EngineInput,
  settings: Pick<WorkspaceSettings, "answerThreshold" | "clarifyThreshold"> & { targetPrecision?: number },
  opts: { embedder?: Embedder | null; onProgress?: (phase: BuildPhase, done: number, total: number) => void; inThread?: boolean } = {},
): Promise<Engine> {
  const base = {
    overrides: { answerThreshold: settings.answerThreshold ?? undefined, clarifyThreshold: settings.clarifyThreshold ?? undefined },
    // Older version snapshots have no target: the default policy's.
    thresholdPolicy: settings.targetPrecision ? { targetPrecision: settings.targetPrecision } : undefined,
    onProgress: opts.onProgress,
  };
  // A pretrained embedder lives in this thread (and its cache in this database client).
  if (opts.embedder) return buildEngine(input.kb, { ...base, encoders: "auto", embedder: opts.embedder });
  if (opts.inThread) return buildEngine(input.kb, { ...base, encoders: "trained" });
  return buildEngineBytesInWorker(input.kb, { ...base, encoders: "trained" })
    .then((bytes) => loadEngine(bytes))
    .catch((e) => {
      if (e instanceof KbError && e.code !== "WORKER_FAILED") throw e;
      console.warn(`[kb-studio] training in a worker failed (${(e as Error).message}); training in-thread`);
      return buildEngine(input.kb, { ...base, encoders: "trained" });
    });
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "kb-version-"));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** An engine as the files a version stores. */
export async function engineFiles(engine: Engine, fingerprint: string): Promise<VersionFiles> {
  const files: VersionFiles = { engine: engine.serialize(), ann: null, annMeta: null };
  const ann = engine.annIndex;
  if (ann instanceof HnswVectorIndex) {
    await withTempDir(async (dir) => {
      const file = path.join(dir, "ann.hnsw");
      await ann.save(file, fingerprint);
      files.ann = new Uint8Array(await fs.readFile(file));
      files.annMeta = new Uint8Array(await fs.readFile(sidecarPath(file)));
    });
  }
  return files;
}

/** A version's engine from its files: loaded, never trained (the HNSW graph is checked by its checksum). */
export async function loadEngineFiles(files: VersionFiles, fingerprint: string, embedder?: Embedder | null): Promise<Engine> {
  if (!files.engine) throw new KbError("INDEX_CORRUPT", "the version has no engine");
  let annIndex: HnswVectorIndex | null = null;
  if (files.ann && files.annMeta) {
    const { ann, annMeta } = files;
    annIndex = await withTempDir(async (dir) => {
      const file = path.join(dir, "ann.hnsw");
      await fs.writeFile(file, ann);
      await fs.writeFile(sidecarPath(file), annMeta);
      return loadHnswIndex(file, { fingerprint });
    });
  }
  return loadEngine(files.engine, { embedder: embedder ?? undefined, annIndex });
}
