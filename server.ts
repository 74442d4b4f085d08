/**
 * The HTTP server: Express in front of the Remix request handler. It owns what must hold for
 * every request before Remix sees it: body size limits, the CSRF origin check on
 * state-changing requests, security headers and static assets.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";

/** Uploads (FAQ and chat-log imports) may be this large; every other body is small. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_API_BODY_BYTES = 64 * 1024;
const MAX_FORM_BYTES = 2 * 1024 * 1024;

/**
 * Behind a reverse proxy (TRUST_PROXY=true) its X-Forwarded-* headers say where a request came
 * from; otherwise they are ignored, since any client can send them (issue 14 item 15).
 */
const trustProxy = () => process.env.TRUST_PROXY === "true";

/** Express matches paths case-insensitively and so does Remix: /API/v1/… is the API too. */
const isApi = (req: Request) => req.path.toLowerCase().startsWith("/api/");

function bodyLimitFor(req: Request) {
  if (isApi(req)) return MAX_API_BODY_BYTES;
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) return MAX_UPLOAD_BYTES;
  return MAX_FORM_BYTES;
}

/** Rejects bodies over the limit, by Content-Length up front and by counting while streaming. */
function bodyLimit(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const limit = bodyLimitFor(req);
  const declared = Number(req.headers["content-length"] ?? NaN);
  const tooLarge = () => {
    if (!res.headersSent)
      res
        .status(413)
        .type("application/json")
        .send(JSON.stringify({ error: "payload_too_large", limit }));
  };
  if (Number.isFinite(declared) && declared > limit) {
    tooLarge();
    req.resume();
    return;
  }
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) {
      tooLarge();
      req.destroy();
    }
  });
  next();
}

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request must come from our
 * own origin (browsers send Origin on every cross-site and same-site POST). The session cookie
 * is also SameSite=Lax. The bot API authenticates with a bearer key, not a cookie, so it is
 * exempt. See docs/decisions/002-csrf-origin-check.md.
 */
function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method) || isApi(req)) return next();
  // Scheme and host both: an https page must not post to the http site, nor the reverse.
  // req.protocol and req.hostname follow X-Forwarded-* only when "trust proxy" is on.
  const host = (trustProxy() && firstValue(req.headers["x-forwarded-host"])) || req.headers.host;
  const expected = host ? `${req.protocol}://${host}`.toLowerCase() : null;
  const origin = req.headers.origin ?? req.headers.referer;
  let ok = false;
  if (typeof origin === "string" && origin !== "null" && expected) {
    try {
      ok = new URL(origin).origin.toLowerCase() === expected;
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    res.status(403).type("text/plain").send("Forbidden: cross-origin request");
    return;
  }
  next();
}

/**
 * The studio's pages post HTML forms only; any other body would make Remix's formData() throw and
 * the user see a 500 (issue 14 item 16). Refused here, with a message, before Remix sees it.
 */
function formBodiesOnly(req: Request, res: Response, next: NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method) || isApi(req)) return next();
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  const declared = Number(req.headers["content-length"] ?? 0);
  const hasBody = declared > 0 || req.headers["transfer-encoding"] !== undefined;
  const form = type.startsWith("application/x-www-form-urlencoded") || (type.startsWith("multipart/form-data") && /boundary=/.test(type));
  if (hasBody && !form) {
    res
      .status(415)
      .type("text/plain; charset=utf-8")
      .send("请求格式不受支持：请通过页面上的表单提交（application/x-www-form-urlencoded 或带 boundary 的 multipart/form-data）");
    req.resume();
    return;
  }
  next();
}

function firstValue(h: string | string[] | undefined): string | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  return v?.split(",")[0]?.trim() || undefined;
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  next();
}

export async function loadBuild(root = process.cwd()): Promise<ServerBuild> {
  return (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild;
}

export function createApp(build: ServerBuild, root = process.cwd()) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy());
  app.use(securityHeaders);
  app.use(compression());
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.use(bodyLimit);
  app.use(sameOriginOnly);
  app.use(formBodiesOnly);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === "development" ? "development" : "production",
      // req.ip is the socket's address, or X-Forwarded-For's client when "trust proxy" is on.
      getLoadContext: (req) => ({ clientAddress: req.ip ?? null }),
    }),
  );
  return app;
}

export function listen(app: ReturnType<typeof createApp>, port: number, host?: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host ?? "0.0.0.0", () => resolve({ server, port: (server.address() as AddressInfo).port }));
    server.on("error", reject);
  });
}
