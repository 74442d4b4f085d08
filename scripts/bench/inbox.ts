/**
 * `npx tsx scripts/bench/inbox.ts --db FILE [--root DIR] [--prepare] [--turns 200000] [--runs 3]`
 *
 * The cold inbox page on a large workspace (issue 9, item 6), as a trainer meets it: the built
 * studio of DIR (default: this tree; build it first) is started on a copy of FILE, the demo
 * admin logs in, the engine is waited for, and GET /w/demo/logs/inbox is timed over real HTTP —
 * first request after the start (no cluster cache) and warm — then one label POST on the first
 * cluster (labeling reads the clusters once; a document POST, so the page is rendered again). Each run starts a fresh server on a fresh copy.
 *
 * --prepare first builds FILE with DIR's own tools: a seeded demo shop (npm start's seed, no
 * demo history) and a generated chat log of --turns rows imported and replayed through the bot
 * (`kb logs:import --replay`). Prepare with the oldest tree to compare: newer trees migrate the
 * file forward when they start.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { Client } from "../../tests/support/server";

const { values: args } = parseArgs({
  options: {
    db: { type: "string" },
    root: { type: "string", default: process.cwd() },
    prepare: { type: "boolean", default: false },
    turns: { type: "string", default: "200000" },
    runs: { type: "string", default: "3" },
  },
});
if (!args.db) throw new Error("--db FILE is required");
const root = path.resolve(args.root!);
const dbFile = path.resolve(args.db);
const log = (s: string) => console.error(`[inbox-bench] ${s}`);

const EMAIL = "admin@kbstudio.dev";
const PASSWORD = "kbstudio2026";

async function startServer(dir: string, databaseUrl: string, seed: boolean) {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/start.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      SESSION_SECRET: "bench-secret-bench-secret",
      KB_SKIP_BUILD: "1",
      KB_NO_SEED: seed ? "0" : "1",
      KB_DEMO_HISTORY: "0",
      KB_DEMO_VERSIONS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${output}`)), 180_000);
    proc.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      const m = output.match(/is running: (http:\/\/localhost:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    proc.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

async function waitForEngine(client: Client) {
  const t0 = Date.now();
  for (;;) {
    const res = await client.get("/w/demo/engine");
    const body = (await res.json()) as { state?: string };
    if (body.state === "ready") return (Date.now() - t0) / 1000;
    if (Date.now() - t0 > 600_000) throw new Error(`engine not ready after 600 s: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function timed(fn: () => Promise<Response>) {
  const t0 = performance.now();
  const res = await fn();
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status >= 400) throw new Error(`HTTP ${res.status}: ${body.slice(0, 300)}`);
  return { ms, body };
}

async function prepare() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-inbox-prep-"));
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  fs.rmSync(dbFile, { force: true });
  const databaseUrl = `file:${dbFile}`;
  log(`seeding the demo shop into ${dbFile} with ${root}`);
  const server = await startServer(dir, databaseUrl, true);
  await server.stop();
  const csv = path.join(dir, "large.csv");
  log(`generating ${args.turns} chat-log rows`);
  execFileSync(process.execPath, ["--import", "tsx", path.join(root, "tests/fixtures/logs/generate-large.ts"), csv, args.turns!], {
    cwd: root,
    stdio: "inherit",
  });
  log("importing and replaying (kb logs:import --replay)");
  const t0 = performance.now();
  execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/kb.ts"), "logs:import", csv, "--workspace", "demo", "--replay"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dir },
    stdio: ["ignore", "ignore", "inherit"],
  });
  log(`import + replay took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  fs.rmSync(dir, { recursive: true, force: true });
}

async function run(i: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-inbox-run-"));
  const copy = path.join(dir, "kb.db");
  fs.copyFileSync(dbFile, copy);
  const server = await startServer(dir, `file:${copy}`, false);
  try {
    const client = new Client(server.url);
    await client.login(EMAIL, PASSWORD);
    const engineS = await waitForEngine(client);
    const cold = await timed(() => client.get("/w/demo/logs/inbox"));
    const warm = await timed(() => client.get("/w/demo/logs/inbox"));
    const otherQueue = await timed(() => client.get("/w/demo/logs/inbox?queue=near"));
    // The first cluster's id, from the page's data, for one label POST (a chitchat label: it
    // changes no FAQ, so no retrain muddles the timing).
    // The page's data is a turbo-stream in the HTML; the first "id" in it is the first cluster's.
    const cluster = /\\"id\\",\\"([^"\\]+)\\"/.exec(cold.body)?.[1];
    let labelMs: number | null = null;
    if (cluster) {
      const r = await timed(() => client.post("/w/demo/logs/inbox", { intent: "label", kind: "chitchat", clusters: JSON.stringify([cluster]) }));
      labelMs = r.ms;
    }
    const row = {
      run: i,
      engineS: Math.round(engineS),
      coldMs: Math.round(cold.ms),
      warmMs: Math.round(warm.ms),
      otherQueueMs: Math.round(otherQueue.ms),
      labelMs: labelMs && Math.round(labelMs),
    };
    console.log(JSON.stringify(row));
    return row;
  } catch (e) {
    console.error(server.output().slice(-3000));
    throw e;
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (args.prepare) await prepare();
  const rows: Awaited<ReturnType<typeof run>>[] = [];
  for (let i = 1; i <= Number(args.runs); i++) rows.push(await run(i));
  const median = (k: "coldMs" | "warmMs" | "otherQueueMs") => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
  console.log(
    `${root}: cold inbox page median ${median("coldMs")} ms, warm ${median("warmMs")} ms, another queue ${median("otherQueueMs")} ms over ${rows.length} runs; label POST ${rows.map((r) => r.labelMs).join(", ")} ms`,
  );
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
