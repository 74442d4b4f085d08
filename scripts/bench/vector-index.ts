/**
 * HNSW benchmark (issue 3): build time, query latency, recall@10 against brute force, memory and
 * file size. `benchVectorIndex(n, dim)` is what scripts/bench/run.ts calls; run this file directly
 * to sweep parameters:
 *
 *   npx tsx scripts/bench/vector-index.ts --n 100000 --dim 384 --ef 50,100,200 [--M 16] [--efc 200] [--data clustered|random]
 *
 * Data: "clustered" (default) draws points around 500 random centres, like sentence embeddings
 * of an FAQ base, which crowd around topics; "lowrank" puts points near a random 24-dimensional
 * subspace (sentence embeddings have a low intrinsic dimension) with clusters in it; "random" is
 * uniform on the sphere, the worst case for any graph index and unlike real embeddings. Queries
 * are fresh points from the same distribution, never the indexed points themselves.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { rng } from "../../training/encoder";
import { BruteForceIndex, createHnswIndex, HNSW_DEFAULTS, loadHnswIndex } from "../../training/vector-index";

export type DataKind = "clustered" | "lowrank" | "random";

export interface VectorBenchOptions {
  M?: number;
  efConstruction?: number;
  /** efSearch values to measure on the same build; the first one is the headline. */
  efSearch?: number[];
  data?: DataKind;
  queries?: number;
  k?: number;
  seed?: number;
  /** Also save and reload the index to measure file size and load time (default true). */
  saveLoad?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface VectorBenchResult {
  n: number;
  dim: number;
  data: DataKind;
  M: number;
  efConstruction: number;
  k: number;
  buildMs: number;
  insertsPerSec: number;
  bruteForceP50Ms: number;
  perEf: { efSearch: number; p50Ms: number; p95Ms: number; recallAtK: number; speedup: number }[];
  /** Resident memory growth while building (vectors + graph + JS bookkeeping). */
  rssDeltaMB: number;
  fileMB?: number;
  saveMs?: number;
  loadMs?: number;
}

function gaussian(r: () => number) {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** A generator of points; the same seed gives the same centres, so queries share them. */
function pointSource(dim: number, kind: DataKind, seed: number) {
  const r = rng(seed);
  const centres = kind === "clustered" ? Array.from({ length: 500 }, () => Float32Array.from({ length: dim }, () => gaussian(r))) : [];
  // Spread chosen so that neighbours inside a cluster are close but not trivially separable.
  const spread = 0.6;
  const rank = Math.min(24, dim);
  const basis = kind === "lowrank" ? Array.from({ length: rank }, () => Float32Array.from({ length: dim }, () => gaussian(r) / Math.sqrt(rank))) : [];
  const lowCentres = kind === "lowrank" ? Array.from({ length: 200 }, () => Float32Array.from({ length: rank }, () => gaussian(r))) : [];
  return () => {
    const v = new Float32Array(dim);
    if (kind === "random") {
      for (let i = 0; i < dim; i++) v[i] = gaussian(r);
    } else if (kind === "lowrank") {
      const c = lowCentres[Math.floor(r() * lowCentres.length)];
      for (let j = 0; j < rank; j++) {
        const z = c[j] + 0.7 * gaussian(r);
        const b = basis[j];
        for (let i = 0; i < dim; i++) v[i] += z * b[i];
      }
      for (let i = 0; i < dim; i++) v[i] += 0.05 * gaussian(r);
    } else {
      const c = centres[Math.floor(r() * centres.length)];
      for (let i = 0; i < dim; i++) v[i] = c[i] + spread * gaussian(r);
    }
    return v;
  };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function benchVectorIndex(n: number, dim: number, opts: VectorBenchOptions = {}): Promise<VectorBenchResult> {
  const M = opts.M ?? HNSW_DEFAULTS.M;
  const efConstruction = opts.efConstruction ?? HNSW_DEFAULTS.efConstruction;
  const efs = opts.efSearch ?? [HNSW_DEFAULTS.efSearch];
  const kind = opts.data ?? "clustered";
  const k = opts.k ?? 10;
  const nq = opts.queries ?? 200;
  const next = pointSource(dim, kind, opts.seed ?? 1);

  const data: Float32Array[] = Array.from({ length: n }, next);
  const queries: Float32Array[] = Array.from({ length: nq }, next);

  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const index = createHnswIndex({ dim, capacity: n, M, efConstruction, efSearch: efs[0] });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    index.add(i, data[i]);
    if (opts.onProgress && (i + 1) % 1000 === 0) opts.onProgress(i + 1, n);
  }
  const buildMs = performance.now() - t0;
  const rssDeltaMB = (process.memoryUsage().rss - rss0) / 2 ** 20;

  const exact = new BruteForceIndex(dim, n);
  for (let i = 0; i < n; i++) exact.add(i, data[i]);
  const bfTimes: number[] = [];
  const truth = queries.map((q) => {
    const s = performance.now();
    const hits = exact.search(q, k);
    bfTimes.push(performance.now() - s);
    return new Set(hits.map((h) => h.id));
  });
  bfTimes.sort((a, b) => a - b);
  const bruteForceP50Ms = percentile(bfTimes, 0.5);

  const perEf: VectorBenchResult["perEf"] = [];
  for (const ef of efs) {
    index.efSearch = ef;
    for (const q of queries.slice(0, 20)) index.search(q, k); // warm-up
    const times: number[] = [];
    let found = 0;
    queries.forEach((q, qi) => {
      const s = performance.now();
      const hits = index.search(q, k);
      times.push(performance.now() - s);
      for (const h of hits) if (truth[qi].has(h.id)) found++;
    });
    times.sort((a, b) => a - b);
    const p50Ms = percentile(times, 0.5);
    perEf.push({ efSearch: ef, p50Ms, p95Ms: percentile(times, 0.95), recallAtK: found / (nq * k), speedup: bruteForceP50Ms / p50Ms });
  }

  const result: VectorBenchResult = {
    n,
    dim,
    data: kind,
    M,
    efConstruction,
    k,
    buildMs,
    insertsPerSec: n / (buildMs / 1000),
    bruteForceP50Ms,
    perEf,
    rssDeltaMB,
  };

  if (opts.saveLoad ?? true) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "kb-bench-hnsw-"));
    try {
      const file = path.join(dir, "bench.hnsw");
      let s = performance.now();
      await index.save(file, "bench");
      result.saveMs = performance.now() - s;
      result.fileMB = (await fs.stat(file)).size / 2 ** 20;
      s = performance.now();
      const loaded = await loadHnswIndex(file, { dim, fingerprint: "bench" });
      result.loadMs = performance.now() - s;
      if (!loaded || loaded.size !== n) throw new Error("benchmark index did not reload");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  return result;
}

const isMain = !!process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (isMain) {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "100000" },
      dim: { type: "string", default: "384" },
      M: { type: "string" },
      efc: { type: "string" },
      ef: { type: "string" },
      data: { type: "string", default: "clustered" },
      queries: { type: "string", default: "200" },
      "no-save": { type: "boolean", default: false },
    },
  });
  const n = Number(values.n);
  const dim = Number(values.dim);
  const res = await benchVectorIndex(n, dim, {
    M: values.M ? Number(values.M) : undefined,
    efConstruction: values.efc ? Number(values.efc) : undefined,
    efSearch: values.ef ? values.ef.split(",").map(Number) : undefined,
    data: (["clustered", "lowrank", "random"] as const).find((d) => d === values.data) ?? "clustered",
    queries: Number(values.queries),
    saveLoad: !values["no-save"],
    onProgress: (d, t) => {
      if (d % 10000 === 0) process.stderr.write(`build ${d}/${t}\n`);
    },
  });
  process.stdout.write(`${JSON.stringify(res)}\n`);
}
