/**
 * Uploaded files waiting for confirmation (import preview → apply). Kept in the data folder
 * under their content hash, scoped to a workspace, so "apply" re-reads exactly what was
 * previewed and a second upload of the same file is the same token.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

import { MaxPartSizeExceededError,unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

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

/** Parses a multipart form with one file field, refusing files over maxBytes. */
export async function readMultipart(request: Request, maxBytes: number) {
  try {
    const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
    return { form, tooLarge: false as const };
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return { form: null, tooLarge: true as const };
    throw e;
  }
}

export async function fileFromForm(form: FormData, field = "file") {
  const f = form.get(field);
  if (!f || typeof f === "string" || f.size === 0) return null;
  return { fileName: f.name || "upload", bytes: new Uint8Array(await f.arrayBuffer()) };
}
