/**
 * `npm run kb -- logs:import / logs:export` as a user runs them (issue 4): the --json last line
 * carries the expected counts for every fixture, a second import is a no-op, --map overrides the
 * column guess, exit codes follow the CLI contract, and the export holds only masked text.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { migrateDb } from "../../db/client";
import { ensureWorkspace } from "../../db/queries/workspaces";
import { runKb } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");
const FIX = path.join(ROOT, "tests/fixtures/logs");
const expected = JSON.parse(fs.readFileSync(path.join(FIX, "expected.json"), "utf8")) as Record<
  string,
  { read: number; imported: number; duplicates: number; noise: number; rejected: number; masked: Record<string, number> }
>;
const planted = JSON.parse(fs.readFileSync(path.join(FIX, "pii-planted.json"), "utf8")) as { kind: string; fragments: string[] }[];
let dir: string;
let env: NodeJS.ProcessEnv;

const kb = (...args: string[]) => runKb(args, env);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-logs-cli-"));
  const url = `file:${path.join(dir, "kb.db")}`;
  env = { ...process.env, DATABASE_URL: url };
  const db = createDb(url);
  await migrateDb(db);
  for (const f of Object.keys(expected)) await ensureWorkspace(db, { slug: `ws-${f.replace(/[^a-z]/g, "")}`.slice(0, 40), name: f });
  await ensureWorkspace(db, { slug: "mapped", name: "mapped" });
  db.$client.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const slugOf = (f: string) => `ws-${f.replace(/[^a-z]/g, "")}`.slice(0, 40);

describe("kb logs:import", () => {
  for (const file of Object.keys(expected)) {
    it(`${file}: --json counts, then a no-op second import`, async () => {
      const e = expected[file];
      const r = await kb("logs:import", path.join(FIX, file), "--workspace", slugOf(file), "--json");
      expect(r.json, r.stderr).toMatchObject({
        read: e.read,
        imported: e.imported,
        duplicates: e.duplicates,
        noise: e.noise,
        rejected: e.rejected,
        masked: e.masked,
      });
      expect(typeof r.json.batchId).toBe("number");
      expect(r.json.errors.length).toBe(e.rejected);
      expect(r.code).toBe(e.rejected ? 1 : 0);
      expect(r.stderr).toMatch(/rows: \d+/);
      const again = await kb("logs:import", path.join(FIX, file), "--workspace", slugOf(file), "--json");
      expect(again.json).toMatchObject({ batchId: r.json.batchId, existing: true });
      expect(again.stderr).toContain("nothing written");
    });
  }

  it("--map overrides the column guess; a bad --map is a usage error", async () => {
    const f = path.join(dir, "custom.csv");
    fs.writeFileSync(f, "对话,发言人,说了什么,发生时间\nA1,买家,这件衣服起球吗,2024-05-01 10:00:00\nA1,客服,不会起球的亲,2024-05-01 10:00:30\n");
    const r = await kb("logs:import", f, "--workspace", "mapped", "--map", "session=对话,role=发言人,text=说了什么,time=发生时间", "--json");
    expect(r.json, r.stderr).toMatchObject({ read: 2, imported: 2, rejected: 0 });
    expect((await kb("logs:import", f, "--workspace", "mapped", "--map", "colour=x")).code).toBe(2);
    expect((await kb("logs:import", path.join(dir, "missing.csv"), "--workspace", "mapped")).code).toBe(2);
  });

  it("logs:export writes masked JSONL with the documented fields", async () => {
    const out = path.join(dir, "pii.jsonl");
    const r = await kb("logs:export", out, "--workspace", slugOf("pii.csv"), "--json");
    expect(r.code).toBe(0);
    const lines = fs
      .readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(expected["pii.csv"].imported);
    expect(Object.keys(lines[0]).sort()).toEqual(["confidence", "decision", "faqId", "label", "role", "sessionId", "text"]);
    const text = fs.readFileSync(out, "utf8");
    for (const p of planted) for (const frag of p.fragments) expect(text.includes(frag), `${p.kind} ${frag}`).toBe(false);
  });
});
