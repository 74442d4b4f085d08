/**
 * `npm run models:download [name]`: fetches a sentence-embedding model for transformers.js into
 * `models/<name>/` on a machine WITH internet (the app itself never downloads: issue 3).
 *
 *   npm run models:download                               # Xenova/bge-small-zh-v1.5 (CLS pooling, ~24 MB int8)
 *   npm run models:download -- Xenova/multilingual-e5-small
 *   npm run models:download -- Xenova/bge-small-zh-v1.5 --fp32 --force
 *
 * Environment: MODELS_DIR (default ./models), HF_ENDPOINT (default https://huggingface.co; e.g.
 * https://hf-mirror.com where huggingface.co is blocked).
 *
 * The files land in a staging folder first and the finished folder is renamed into place, so an
 * interrupted download never leaves a half model where the app would pick it up. Progress goes to
 * stderr; the last stdout line is one JSON object.
 */
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { DEFAULT_MODEL, loadTransformerEmbedder } from "../training/transformer/embedder";

export interface DownloadOptions {
  name: string;
  modelsDir: string;
  endpoint?: string;
  revision?: string;
  /** Full-precision onnx/model.onnx instead of the int8 onnx/model_quantized.onnx. */
  fp32?: boolean;
  force?: boolean;
  onProgress?: (file: string, done: number, total: number | undefined) => void;
  fetchImpl?: typeof fetch;
  /** Abort a request that sends nothing for this long. */
  stallTimeoutMs?: number;
}

export interface DownloadResult {
  name: string;
  dir: string;
  files: { file: string; bytes: number }[];
  skipped: boolean;
}

export class DownloadError extends Error {
  constructor(
    public readonly code: "OFFLINE" | "NOT_FOUND" | "HTTP" | "BAD_NAME",
    message: string,
  ) {
    super(message);
    this.name = "DownloadError";
  }
}

export function modelFiles(fp32 = false): string[] {
  return ["config.json", "tokenizer.json", "tokenizer_config.json", fp32 ? "onnx/model.onnx" : "onnx/model_quantized.onnx"];
}

const NETWORK_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "CERT_HAS_EXPIRED",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);

function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const code = (cur as { code?: string }).code;
    if (code && NETWORK_CODES.has(code)) return code;
    // Connection attempts to several addresses fail together as an AggregateError.
    for (const inner of (cur as { errors?: unknown[] }).errors ?? []) {
      const c = (inner as { code?: string }).code;
      if (c && NETWORK_CODES.has(c)) return c;
    }
    if ((cur as Error).name === "AbortError" || (cur as Error).name === "TimeoutError") return "ETIMEDOUT";
    cur = (cur as { cause?: unknown }).cause;
  }
  return e instanceof TypeError && /fetch failed/i.test(e.message) ? "FETCH_FAILED" : undefined;
}

function exists(p: string) {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}

async function downloadFile(url: string, dest: string, file: string, opts: DownloadOptions): Promise<number> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const stallMs = opts.stallTimeoutMs ?? 30_000;
  const ctrl = new AbortController();
  let timer = setTimeout(() => ctrl.abort(), stallMs);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(), stallMs);
  };
  try {
    let res: Response;
    try {
      res = await fetchImpl(url, { redirect: "follow", signal: ctrl.signal, headers: { "user-agent": "kb-studio-models-download" } });
    } catch (e) {
      const code = networkCode(e);
      if (code) {
        throw new DownloadError(
          "OFFLINE",
          `Cannot reach ${new URL(url).origin} (${code}). This machine seems to be offline or the host is blocked. ` +
            `Set HF_ENDPOINT to a mirror (e.g. https://hf-mirror.com), or run this on a machine with internet and copy ` +
            `the folder models/${opts.name}/ to this machine.`,
        );
      }
      throw e;
    }
    if (res.status === 404) throw new DownloadError("NOT_FOUND", `${opts.name}: ${file} does not exist at ${url} (is the model name right?)`);
    if (res.status === 401 || res.status === 403)
      throw new DownloadError("HTTP", `${opts.name}: access denied (${res.status}) for ${url}; the model may be private or gated`);
    if (!res.ok || !res.body) throw new DownloadError("HTTP", `${opts.name}: ${url} answered ${res.status} ${res.statusText}`);
    const total = Number(res.headers.get("content-length")) || undefined;
    await fs.mkdir(path.dirname(dest), { recursive: true });
    const out = createWriteStream(dest);
    let done = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        touch();
        done += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
        opts.onProgress?.(file, done, total);
      }
    } catch (e) {
      out.destroy();
      const code = networkCode(e);
      if (code) throw new DownloadError("OFFLINE", `Connection lost while downloading ${file} (${code}); run the command again.`);
      throw e;
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (total !== undefined && done !== total) throw new DownloadError("HTTP", `${file}: got ${done} of ${total} bytes; run the command again.`);
    const fh = await fs.open(dest, "r+");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    return done;
  } finally {
    clearTimeout(timer);
  }
}

export async function downloadModel(opts: DownloadOptions): Promise<DownloadResult> {
  const name = opts.name.replace(/^\/+|\/+$/g, "");
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(name) || name.split("/").some((p) => p === "." || p === "..")) {
    throw new DownloadError("BAD_NAME", `"${opts.name}" is not a model name like Xenova/bge-small-zh-v1.5`);
  }
  const endpoint = (opts.endpoint ?? "https://huggingface.co").replace(/\/+$/, "");
  const revision = opts.revision ?? "main";
  const files = modelFiles(opts.fp32);
  const target = path.resolve(opts.modelsDir, name);

  if (!opts.force && (await Promise.all(files.map((f) => exists(path.join(target, f))))).every(Boolean)) {
    return { name, dir: target, files: [], skipped: true };
  }

  const staging = `${target}.download-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(staging, { recursive: true });
  const got: DownloadResult["files"] = [];
  try {
    for (const file of files) {
      const url = `${endpoint}/${name}/resolve/${encodeURIComponent(revision)}/${file}`;
      const bytes = await downloadFile(url, path.join(staging, file), file, { ...opts, name });
      got.push({ file, bytes });
    }
    // Keep whatever else an older download put there (e.g. the other precision's ONNX file).
    if (await exists(target)) {
      const old = `${target}.old-${process.pid}`;
      await fs.rename(target, old);
      try {
        await fs.cp(old, staging, { recursive: true, force: false, errorOnExist: false });
        await fs.rename(staging, target);
      } catch (e) {
        await fs.rename(old, target).catch(() => undefined);
        throw e;
      }
      await fs.rm(old, { recursive: true, force: true });
    } else {
      await fs.rename(staging, target);
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    // Do not leave an empty "<org>/" folder behind after a failed first download.
    await fs.rmdir(path.dirname(target)).catch(() => undefined);
  }
  return { name, dir: target, files: got, skipped: false };
}

function progressLine() {
  let last = 0;
  let lastFile = "";
  return (file: string, done: number, total: number | undefined) => {
    const now = Date.now();
    const finished = total !== undefined && done >= total;
    if (file === lastFile && !finished && now - last < 500) return;
    last = now;
    lastFile = file;
    const mb = (b: number) => (b / 2 ** 20).toFixed(1);
    const pct = total ? ` ${Math.floor((done / total) * 100)}%` : "";
    process.stderr.write(`${file}: ${mb(done)}${total ? `/${mb(total)}` : ""} MB${pct}\n`);
  };
}

async function main(argv: string[]): Promise<number> {
  let values: { "models-dir"?: string; revision?: string; fp32?: boolean; force?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        "models-dir": { type: "string" },
        revision: { type: "string" },
        fp32: { type: "boolean" },
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    }));
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 2;
  }
  if (values.help || positionals.length > 1) {
    process.stderr.write("Usage: npm run models:download -- [name] [--models-dir DIR] [--revision REV] [--fp32] [--force]\n");
    return values.help ? 0 : 2;
  }
  const name = positionals[0] ?? DEFAULT_MODEL;
  const modelsDir = path.resolve(values["models-dir"] ?? process.env.MODELS_DIR ?? "models");
  const endpoint = process.env.HF_ENDPOINT || "https://huggingface.co";
  process.stderr.write(`Downloading ${name} from ${endpoint} into ${path.join(modelsDir, name)}\n`);
  try {
    const res = await downloadModel({
      name,
      modelsDir,
      endpoint,
      revision: values.revision,
      fp32: values.fp32,
      force: values.force,
      onProgress: progressLine(),
    });
    if (res.skipped) process.stderr.write(`${name} is already installed (use --force to download again)\n`);
    // Prove the folder works before anyone relies on it.
    const emb = await loadTransformerEmbedder({ modelsDir, name });
    process.stderr.write(`OK: ${name} loads, ${emb.dim} dimensions\n`);
    process.stdout.write(`${JSON.stringify({ ok: true, name, dir: res.dir, dim: emb.dim, embedderId: emb.id, files: res.files, skipped: res.skipped })}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.stdout.write(`${JSON.stringify({ ok: false, name, code: (e as { code?: string }).code ?? "ERROR", error: (e as Error).message })}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
