// The download script is exercised against a local HTTP server that mimics the hub's
// `<name>/resolve/<rev>/<file>` layout (no internet here, and tests must never need it).
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listInstalledModels, loadTransformerEmbedder } from "../training/transformer/embedder";
import { writeTinyBertModel } from "../training/transformer/tiny-model";
import { DownloadError, downloadModel } from "./models-download";

let tmp: string;
let server: http.Server;
let endpoint: string;
const requests: string[] = [];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "kb-dl-"));
  const hub = path.join(tmp, "hub");
  await writeTinyBertModel(path.join(hub, "acme", "tiny-zh"), { seed: 3 });
  server = http.createServer(async (req, res) => {
    requests.push(req.url ?? "");
    const m = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(req.url ?? "");
    if (!m) return void res.writeHead(404).end();
    if (m[1] === "acme/redirected") {
      return void res.writeHead(302, { location: `/acme/tiny-zh/resolve/main/${m[2]}` }).end();
    }
    try {
      const body = await fs.readFile(path.join(hub, m[1], m[2]));
      res.writeHead(200, { "content-length": body.length });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("downloadModel", () => {
  it("downloads the four files into models/<name>/ and the result loads", async () => {
    const modelsDir = path.join(tmp, "models-a");
    const progress: string[] = [];
    const res = await downloadModel({ name: "acme/tiny-zh", modelsDir, endpoint, onProgress: (f) => progress.push(f) });
    expect(res.skipped).toBe(false);
    expect(res.files.map((f) => f.file)).toEqual(["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"]);
    expect(progress).toContain("onnx/model_quantized.onnx");
    expect(listInstalledModels(modelsDir)).toEqual(["acme/tiny-zh"]);
    expect(await fs.readdir(path.join(modelsDir, "acme"))).toEqual(["tiny-zh"]); // no staging leftovers
    const emb = await loadTransformerEmbedder({ modelsDir, name: "acme/tiny-zh" });
    expect(emb.dim).toBe(32);

    const again = await downloadModel({ name: "acme/tiny-zh", modelsDir, endpoint });
    expect(again.skipped).toBe(true);
  });

  it("follows redirects (the hub answers with a CDN redirect)", async () => {
    const modelsDir = path.join(tmp, "models-b");
    const res = await downloadModel({ name: "acme/redirected", modelsDir, endpoint });
    expect(res.files).toHaveLength(4);
    expect(listInstalledModels(modelsDir)).toEqual(["acme/redirected"]);
  });

  it("a failed download leaves neither a partial model nor a staging folder", async () => {
    const modelsDir = path.join(tmp, "models-c");
    await expect(downloadModel({ name: "acme/missing", modelsDir, endpoint })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(listInstalledModels(modelsDir)).toEqual([]);
    expect(await fs.readdir(modelsDir)).toEqual([]);
  });

  it("says clearly when the host cannot be reached", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await downloadModel({ name: "acme/tiny-zh", modelsDir: path.join(tmp, "models-d"), endpoint: `http://127.0.0.1:${port}` }).catch((e) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.code).toBe("OFFLINE");
    expect(err.message).toMatch(/offline/);
    expect(err.message).toContain("models/acme/tiny-zh/");
  });

  it("rejects names that are not hub names", async () => {
    await expect(downloadModel({ name: "../../etc", modelsDir: tmp, endpoint })).rejects.toMatchObject({ code: "BAD_NAME" });
  });
});
