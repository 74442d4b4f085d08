/**
 * `npm run kb -- …` as a user runs it, for the CLI tests: a child process (a blocked test worker
 * would miss vitest's heartbeats), its exit code, output, and the JSON object on its last line.
 */
import { spawn } from "node:child_process";
import path from "node:path";

import { ROOT } from "./server";

export interface KbResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: any;
}

export function runKb(args: string[], env: NodeJS.ProcessEnv): Promise<KbResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/kb.ts"), ...args], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      resolve({ code, stdout, stderr, json: last.startsWith("{") ? JSON.parse(last) : null });
    });
  });
}
