/**
 * `npm run bench [-- --sizes 10000,100000 --queries 1000 --out docs/benchmarks.md]`
 *
 * Builds generated Chinese shop KBs (scripts/bench/generate.ts) and reports: training time,
 * decision latency p50/p99 for single queries, batched throughput, index memory, and the kNN
 * search over trained embeddings through HNSW against exact brute force in the same run
 * (speed-up and recall@10). Prints a table and writes docs/benchmarks.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { buildEngine } from "../../training/engine";
import { decide } from "../../training/policy";
import { BruteForceIndex, createHnswIndex } from "../../training/vector-index";
import { generateShopKb } from "./generate";

interface Row {
  variants: number;
  faqs: number;
  trainS: number;
  trainCpuS: number;
  p50Ms: number;
  p99Ms: number;
  throughputQps: number;
  top1: number;
  memoryMb: number;
  ann: boolean;
  knnBruteMs: number;
  knnHnswMs: number;
  knnSpeedup: number;
  knnRecall10: number;
  hnswBuildS: number;
}

function pctl(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

async function benchSize(variants: number, nQueries: number, log: (s: string) => void): Promise<Row> {
  const { kb, queries } = generateShopKb(variants, 42);
  const qs = queries.slice(0, nQueries);
  log(`[${variants}] building engine over ${kb.faqs.length} FAQs`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let lastPhase = "";
  const engine = await buildEngine(kb, {
    encoders: "trained",
    onProgress: (phase) => {
      if (phase !== lastPhase) log(`[${variants}]   ${phase} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      lastPhase = phase;
    },
  });
  const trainS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const trainCpuS = (cpu.user + cpu.system) / 1e6;

  // Warm-up, then single-query decisions (each a fresh session).
  for (const q of qs.slice(0, 50)) decide(engine, q.text);
  const times: number[] = [];
  let hits = 0;
  for (const q of qs) {
    const s = performance.now();
    const r = decide(engine, q.text);
    times.push(performance.now() - s);
    if (r.candidates[0]?.faqId === q.faq) hits++;
  }
  times.sort((a, b) => a - b);
  // Batched: the same queries back to back, as a bulk test-suite run would send them.
  const tb = performance.now();
  for (const q of qs) engine.match(q.text, { k: 3 });
  const throughputQps = qs.length / ((performance.now() - tb) / 1000);

  // kNN over the variants' trained embeddings: HNSW against exact brute force.
  const emb = engine.variantEmbeddings()!;
  const brute = new BruteForceIndex(emb.dim, emb.count);
  for (let i = 0; i < emb.count; i++) brute.add(i, emb.data.subarray(i * emb.dim, (i + 1) * emb.dim));
  const th = performance.now();
  const hnsw = createHnswIndex({ dim: emb.dim, capacity: emb.count, M: 16, efConstruction: 100, efSearch: 120, randomSeed: 7 });
  for (let i = 0; i < emb.count; i++) hnsw.add(i, emb.data.subarray(i * emb.dim, (i + 1) * emb.dim));
  const hnswBuildS = (performance.now() - th) / 1000;
  const qv = qs.slice(0, 300).map((q) => engine.embed(q.text)!);
  let tBrute = 0;
  let tHnsw = 0;
  let found = 0;
  for (const v of qv) {
    let s = performance.now();
    const exact = brute.search(v, 10);
    tBrute += performance.now() - s;
    s = performance.now();
    const approx = hnsw.search(v, 10);
    tHnsw += performance.now() - s;
    const ids = new Set(exact.map((h) => h.id));
    found += approx.filter((h) => ids.has(h.id)).length;
  }
  const knnBruteMs = tBrute / qv.length;
  const knnHnswMs = tHnsw / qv.length;
  return {
    variants: engine.stats.variants,
    faqs: engine.stats.faqs,
    trainS: r2(trainS),
    trainCpuS: r2(trainCpuS),
    p50Ms: r2(pctl(times, 50)),
    p99Ms: r2(pctl(times, 99)),
    throughputQps: Math.round(throughputQps),
    top1: Math.round((1000 * hits) / qs.length) / 10,
    memoryMb: r2(engine.stats.memoryBytes / 2 ** 20),
    ann: engine.usesAnn,
    knnBruteMs: Math.round(knnBruteMs * 1000) / 1000,
    knnHnswMs: Math.round(knnHnswMs * 1000) / 1000,
    knnSpeedup: Math.round((knnBruteMs / knnHnswMs) * 10) / 10,
    knnRecall10: Math.round((found / (qv.length * 10)) * 1000) / 1000,
    hnswBuildS: r2(hnswBuildS),
  };
}

function table(rows: Row[]): string {
  const head =
    "| variants | FAQs | training (wall / CPU s) | decision p50 / p99 (ms) | batched (queries/s) | top-1 on generated queries | engine memory (MB) | kNN brute force (ms) | kNN HNSW (ms) | speed-up | recall@10 | HNSW build (s) |";
  const sep = "|---|---|---|---|---|---|---|---|---|---|---|---|";
  const lines = rows.map(
    (r) =>
      `| ${r.variants} | ${r.faqs} | ${r.trainS} / ${r.trainCpuS} | ${r.p50Ms} / ${r.p99Ms} | ${r.throughputQps} | ${r.top1} | ${r.memoryMb}${r.ann ? " (+HNSW)" : ""} | ${r.knnBruteMs} | ${r.knnHnswMs} | ${r.knnSpeedup}x | ${r.knnRecall10} | ${r.hnswBuildS} |`,
  );
  return [head, sep, ...lines].join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10000,100000" },
      queries: { type: "string", default: "1000" },
      out: { type: "string", default: "docs/benchmarks.md" },
    },
  });
  const sizes = String(values.sizes).split(",").map(Number);
  const nQueries = Number(values.queries);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const rows: Row[] = [];
  for (const n of sizes) rows.push(await benchSize(n, nQueries, log));
  const t = table(rows);
  process.stdout.write(`${t}\n`);
  const loadavg = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");
  const md = `# Engine benchmarks

Generated by \`npm run bench\` (scripts/bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? "unknown"}), Node ${process.version}, load average at the end ${loadavg}. No pretrained model: BM25 + TF-IDF + trained encoder.

KBs are generated Chinese shop questions (scripts/bench/generate.ts): FAQs = product × intent, 10 colloquial variants each (fillers, typos); queries are fresh variants of existing FAQs (1 per FAQ, up to ${nQueries}).

${t}

- training: \`buildEngine\` end to end (tokenizing, calibration folds, encoder training, indexes), wall clock and process CPU time (the calibration encoder trains in a worker thread on the second core).
- decision latency: one \`decide()\` per query in a fresh session, after a warm-up; batched: \`match()\` over all queries back to back.
- engine memory: postings, TF-IDF vectors, encoder weights and variant embeddings (estimate from array sizes).
- kNN: top-10 over the trained embeddings of all variants for the first 300 queries, HNSW (M 16, efConstruction 100, efSearch 120) against an exact scan; recall@10 = share of the exact top 10 that HNSW returns. From ${"30k"} variants on the engine itself uses HNSW for kNN candidates.

Accuracy on public intent sets: see training/README.md ("Measured").
`;
  fs.mkdirSync(path.dirname(String(values.out)), { recursive: true });
  fs.writeFileSync(String(values.out), md);
  log(`wrote ${values.out}`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
