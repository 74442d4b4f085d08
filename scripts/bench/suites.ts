/**
 * `npx tsx scripts/bench/suites.ts [--cases 1000]` (issue 11 "Speed"): a 1,000-case suite against
 * the workspace's own bot, through the same job, runner and decision path as the UI and the CLI,
 * on a fresh migrated database with the demo shop. The cases are the demo KB's own phrasings (one
 * turn each, every fifth case with a follow-up), so most turns answer and some clarify. Prints the
 * run's turns per second (the runner's own clock: the bot is loaded and trained before it starts)
 * and the pass rate; the target is ≥ 500 turns/s on the reference machine.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import type { CaseInput } from "../../db/queries/suites";

const { values } = parseArgs({ options: { cases: { type: "string", default: "1000" }, json: { type: "boolean" } } });
const wanted = Number(values.cases);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-bench-suites-"));
Object.assign(process.env, {
  DATABASE_URL: `file:${path.join(dir, "kb.db")}`,
  DATA_DIR: dir,
  KB_DEMO_HISTORY: "0",
  KB_DEMO_VERSIONS: "0",
});

async function main() {
  const { getDb } = await import("../../app/db.server");
  const { migrateDb } = await import("../../db/client");
  const { seedDemo } = await import("../../db/seed/seed");
  const { getWorkspaceBySlug } = await import("../../db/queries/workspaces");
  const { loadBotContent } = await import("../../db/queries/bot-content");
  const suites = await import("../../app/models/suites.server");
  const db = getDb();
  await migrateDb(db);
  await seedDemo(db);
  const ws = (await getWorkspaceBySlug(db, "demo"))!;
  const content = await loadBotContent(db, ws.id);
  const phrasings = content.faqs
    .filter((f) => f.enabled && !f.shadowedBy)
    .flatMap((f) => [f.question, ...f.variants].map((text) => ({ text, faq: f.question })));
  if (!phrasings.length) throw new Error("the demo shop has no FAQs");
  const suiteId = await suites.createSuite(db, { workspaceId: ws.id, name: "bench" });
  await db.transaction(async (tx) => {
    for (let i = 0; i < wanted; i++) {
      const p = phrasings[i % phrasings.length];
      const turns: CaseInput["turns"] = [{ text: p.text, expect: { decision: "answer", faq: p.faq } }];
      if (i % 5 === 4) turns.push({ text: "那运费呢", expect: {} });
      await suites.saveCaseIn(tx, { suiteId, input: { name: `case-${i + 1}`, tags: ["bench"], note: "", turns } });
    }
  });
  process.stderr.write(`suite of ${wanted} cases over ${phrasings.length} phrasings; loading the bot…\n`);
  const t0 = performance.now();
  const summary = await suites.runSuiteNow({ workspaceId: ws.id, suiteId }, (done, total) => process.stderr.write(`\r  ${done}/${total} turns`));
  const wallS = (performance.now() - t0) / 1000;
  process.stderr.write("\n");
  const turnsPerS = Math.round((summary.turns / summary.durationMs) * 1000);
  // How much of the run is the bot deciding (the rest is checking and storing results).
  const { suiteRunTurns } = await import("../../db/schema");
  const { eq, sum } = await import("drizzle-orm");
  const [lat] = await db
    .select({ ms: sum(suiteRunTurns.latencyMs) })
    .from(suiteRunTurns)
    .where(eq(suiteRunTurns.runId, summary.runId));
  const out = {
    cases: summary.cases,
    turns: summary.turns,
    durationMs: summary.durationMs,
    turnsPerSecond: turnsPerS,
    passRate: summary.passRate,
    decidingMs: Math.round(Number(lat?.ms ?? 0)),
    wallSecondsWithBotLoad: Math.round(wallS * 10) / 10,
    cpus: os.cpus().length,
  };
  if (values.json) console.log(JSON.stringify(out));
  else
    console.log(
      `${out.cases} cases, ${out.turns} turns in ${out.durationMs} ms: ${turnsPerS} turns/s (target ≥ 500); pass rate ${(out.passRate * 100).toFixed(1)}%; ` +
        `${out.decidingMs} ms of it deciding; ${out.wallSecondsWithBotLoad} s including loading the bot`,
    );
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
