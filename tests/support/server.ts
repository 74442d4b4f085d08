/**
 * A real studio server for integration and browser tests: the built app, started the way
 * `npm start` starts it, on a free port with its own fresh database file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// From import.meta, not __dirname: scripts/bench/inbox.ts runs this under tsx as an ES module.
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface TestServer {
  url: string;
  dir: string;
  databaseUrl: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `shareWith`: a second app instance on the first one's database (its own DATA_DIR), as behind a
 * load balancer (issue 13); start it once the first is up, so that one of them migrates and seeds.
 */
export async function startTestServer(opts: { seed?: boolean; env?: Record<string, string>; shareWith?: TestServer } = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-test-"));
  const databaseUrl = opts.shareWith?.databaseUrl ?? `file:${path.join(dir, "kb.db")}`;
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: (process.env.KB_TEST_NODE_ENV as "development" | undefined) ?? "production",
      PORT: "0",
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      SESSION_SECRET: "test-secret-test-secret",
      KB_SKIP_BUILD: "1",
      KB_NO_SEED: opts.seed === false ? "1" : "0",
      // The 60 days of demo traffic (db/seed/metrics.ts) only where a test asks for it.
      KB_DEMO_HISTORY: "0",
      // A published demo version (db/seed/versions.ts) only where a test asks for it: the others expect the draft to answer.
      KB_DEMO_VERSIONS: "0",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = output.match(/is running: (http:\/\/localhost:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dir,
    databaseUrl,
    proc,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A tiny cookie-keeping HTTP client that behaves like a same-origin browser form. */
export class Client {
  cookie = "";
  constructor(public base: string) {}

  async request(method: string, p: string, body?: Record<string, string | string[]> | FormData, headers: Record<string, string> = {}) {
    let payload: BodyInit | undefined;
    const h: Record<string, string> = { ...headers };
    if (body instanceof FormData) payload = body;
    else if (body) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      payload = params;
    }
    if (method !== "GET" && !("Origin" in h)) h.Origin = this.base;
    if (this.cookie) h.Cookie = this.cookie;
    const res = await fetch(this.base + p, { method, body: payload, headers: h, redirect: "manual" });
    const set = res.headers.getSetCookie?.() ?? [];
    for (const c of set) {
      const [pair] = c.split(";");
      const [name] = pair.split("=");
      const rest = this.cookie.split("; ").filter((x) => x && !x.startsWith(`${name}=`));
      this.cookie = [...rest, pair].join("; ");
    }
    return res;
  }

  get(p: string) {
    return this.request("GET", p);
  }

  post(p: string, body?: Record<string, string | string[]> | FormData, headers?: Record<string, string>) {
    return this.request("POST", p, body, headers);
  }

  async login(email: string, password: string) {
    const res = await this.post("/login", { email, password, redirectTo: "/" });
    if (res.status !== 302) throw new Error(`login as ${email} failed: ${res.status}`);
    return this;
  }
}
