/**
 * `npx tsx scripts/bench/products.ts [--products 2000] [--json]` (issue 16 speed bar): imports a
 * generated catalogue of N products × 10 attributes into a fresh file database through the same
 * import the page and `kb products:import` use (target ≤ 10 s for 2,000), then times attribute
 * answering on the buyer-question fixtures (target ≤ 1 ms p50 added to a decision). Timing lives
 * here, not in unit tests: a test's pass must not depend on how busy the machine is.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { createDb, migrateDb } from "../../db/client";
import { importProductFile } from "../../db/queries/products";
import { createWorkspace } from "../../db/queries/workspaces";
import { answerProductQuestion } from "../../training/products/answer";
import { CATALOGUE } from "../../training/products/fixtures/catalogue";
import { HELD_OUT, TUNING } from "../../training/products/fixtures/questions";
import { generateCatalogue } from "./products-catalogue";

const { values } = parseArgs({ options: { products: { type: "string", default: "2000" }, json: { type: "boolean" } } });
const n = Number(values.products);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-bench-products-"));
  const db = createDb(`file:${path.join(dir, "kb.db")}`);
  await migrateDb(db);
  const ws = (await createWorkspace(db, { slug: "bench", name: "bench" })).id;
  const data = generateCatalogue(n);
  const t0 = performance.now();
  const plan = await importProductFile(db, { workspaceId: ws, userId: null, fileName: "bench.csv", data, dryRun: false });
  const importS = (performance.now() - t0) / 1000;
  if (plan.report.created !== n || plan.report.rejected) throw new Error(`import report ${JSON.stringify(plan.report)}`);

  const questions = [...TUNING, ...HELD_OUT];
  const times: number[] = [];
  for (let round = 0; round < 20; round++)
    for (const [pid, q] of questions) {
      const s = performance.now();
      answerProductQuestion(CATALOGUE[pid], q);
      times.push(performance.now() - s);
    }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
  const out = {
    products: n,
    attributes: n * 10,
    importSeconds: Math.round(importS * 100) / 100,
    answerP50Us: Math.round(at(0.5) * 1000 * 10) / 10,
    answerP99Us: Math.round(at(0.99) * 1000 * 10) / 10,
    questions: questions.length,
    cpus: os.cpus().length,
  };
  if (values.json) console.log(JSON.stringify(out));
  else
    console.log(
      `${n} products × 10 attributes imported in ${out.importSeconds} s (target ≤ 10 s); ` +
        `attribute answering over ${out.questions} questions: p50 ${out.answerP50Us} µs, p99 ${out.answerP99Us} µs (target p50 ≤ 1 ms)`,
    );
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
