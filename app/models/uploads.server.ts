/**
 * Uploaded files waiting for confirmation (import preview → apply). Kept in the data folder
 * under their content hash, scoped to a workspace, so "apply" re-reads exactly what was
 * previewed and a second upload of the same file is the same token.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

import { getEnv } from "~/env.server";

const TOKEN_RE = /^[a-f0-9]{64}$/;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

function dir(workspaceId: number) {
  return path.join(getEnv().dataDir, "uploads", String(workspaceId));
}

export async function stashUpload(workspaceId: number, fileName: string, bytes: Uint8Array) {
  const token = crypto.createHash("sha256").update(bytes).digest("hex");
  const d = dir(workspaceId);
  await fs.mkdir(d, { recursive: true });
  const tmp = path.join(d, `${token}.${process.pid}.tmp`);
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, path.join(d, `${token}.bin`));
  await fs.writeFile(path.join(d, `${token}.json`), JSON.stringify({ fileName, size: bytes.byteLength, at: Date.now() }));
  return token;
}

export async function readUpload(workspaceId: number, token: string) {
  if (!TOKEN_RE.test(token)) return null;
  const d = dir(workspaceId);
  try {
    const meta = JSON.parse(await fs.readFile(path.join(d, `${token}.json`), "utf8")) as { fileName: string; at: number };
    if (Date.now() - meta.at > MAX_AGE_MS) return null;
    const bytes = new Uint8Array(await fs.readFile(path.join(d, `${token}.bin`)));
    return { fileName: meta.fileName, bytes };
  } catch {
    return null;
  }
}

export async function dropUpload(workspaceId: number, token: string) {
  if (!TOKEN_RE.test(token)) return;
  const d = dir(workspaceId);
  await Promise.all([fs.rm(path.join(d, `${token}.bin`), { force: true }), fs.rm(path.join(d, `${token}.json`), { force: true })]);
}

/**
 * Parses a multipart form, refusing files over maxBytes. The platform's own parser (undici's
 * Request.formData), not Remix's unstable one: that one failed with a 500 on a file name holding
 * `=` or `;` (价格=表.csv, issue 14 item 16). The whole body is already capped by server.ts.
 */
async function readMultipart(request: Request, maxBytes: number) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("上传内容无法解析：请通过页面重新选择文件上传", { status: 400 });
  }
  for (const v of form.values()) if (typeof v !== "string" && v.size > maxBytes) return { form: null, tooLarge: true as const };
  return { form, tooLarge: false as const };
}

async function fileFromForm(form: FormData, field = "file") {
  const f = form.get(field);
  if (!f || typeof f === "string" || f.size === 0) return null;
  return { fileName: f.name || "upload", bytes: new Uint8Array(await f.arrayBuffer()) };
}

export type UploadRead =
  | { ok: true; form: FormData; file: { fileName: string; bytes: Uint8Array } }
  | { ok: false; error: string; status: 400 | 413 };

/**
 * The one way an upload route reads its file: too large is a 413, no file a 400, each with the
 * locale key `<messages>.tooLarge` / `<messages>.noFile` the page shows.
 */
export async function readUploadedFile(request: Request, maxBytes: number, messages = "import"): Promise<UploadRead> {
  const { form, tooLarge } = await readMultipart(request, maxBytes);
  if (tooLarge || !form) return { ok: false, error: `${messages}.tooLarge`, status: 413 };
  const file = await fileFromForm(form);
  if (!file) return { ok: false, error: `${messages}.noFile`, status: 400 };
  return { ok: true, form, file };
}
