/**
 * buildEngine in a worker thread, so that training never blocks the thread that answers
 * customers (issue 3: retraining runs "in the background"). The engine comes back serialized
 * and is restored with loadEngine(): identical scores, and the lexical indexes are rebuilt in a
 * fraction of the training time.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

import type { BuildOptions, BuildPhase, KbInput } from "./engine";
import { type ErrorParams, isKbErrorCode, KbError } from "./errors";

const WORKER_CODE = `
const { workerData, parentPort } = require("node:worker_threads");
(async () => {
  if (workerData.url.endsWith(".ts")) { const api = await import("tsx/esm/api"); api.register(); }
  const mod = await import(workerData.url);
  const engine = await mod.buildEngine(workerData.kb, {
    ...workerData.opts,
    onProgress: (phase, done, total) => parentPort.postMessage({ progress: [phase, done, total] }),
  });
  const bytes = engine.serialize();
  parentPort.postMessage({ ok: true, bytes }, [bytes.buffer]);
})().catch((e) => parentPort.postMessage({ ok: false, code: (e && e.code) || "WORKER_FAILED", params: e && e.params, error: String((e && e.message) || e) }));
`;

/** Where engine.ts is: next to this file in the source tree (also when the caller is a bundle). */
function engineModuleUrl(root = process.cwd()) {
  return pathToFileURL(path.join(root, "training/engine.ts")).href;
}

export type WorkerBuildOptions = Omit<BuildOptions, "embedder" | "onProgress"> & {
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
};

export async function buildEngineBytesInWorker(kb: KbInput, opts: WorkerBuildOptions = {}, root?: string): Promise<Uint8Array> {
  const { Worker } = await import("node:worker_threads");
  const { onProgress, ...rest } = opts;
  return new Promise((resolve, reject) => {
    let worker: InstanceType<typeof Worker>;
    try {
      worker = new Worker(WORKER_CODE, { eval: true, workerData: { url: engineModuleUrl(root), kb, opts: rest } });
    } catch (e) {
      reject(e);
      return;
    }
    worker.on(
      "message",
      (m: { progress?: [BuildPhase, number, number]; ok?: boolean; bytes?: Uint8Array; code?: string; params?: ErrorParams; error?: string }) => {
        if (m.progress) {
          onProgress?.(...m.progress);
          return;
        }
        void worker.terminate();
        if (m.ok && m.bytes) resolve(m.bytes);
        // The worker's KbError crosses the thread as code + params; anything else is a WORKER_FAILED.
        else reject(isKbErrorCode(m.code) ? new KbError(m.code, m.params ?? m.error ?? "") : new KbError("WORKER_FAILED", m.error ?? "engine build failed"));
      },
    );
    worker.once("error", (e) => reject(e));
    worker.once("exit", (code) => {
      if (code !== 0) reject(new KbError("WORKER_FAILED", `engine worker exited with ${code}`));
    });
  });
}
