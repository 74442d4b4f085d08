/**
 * POST /api/v1/bot/reply — the bot for a shop's own channels. Authenticated by a per-workspace
 * API key (Authorization: Bearer …), not by a session cookie.
 */
import type { ActionFunctionArgs } from "@remix-run/node";

import { BotReplyRequestSchema } from "~/bot-api";
import { workspaceForKey } from "~/models/api-keys.server";
import { apiReplyBody, botReply } from "~/models/bot.server";

function error(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return Response.json(
    { error: code, message, ...extra },
    { status, headers: status === 401 ? { "WWW-Authenticate": 'Bearer realm="kb-studio"' } : undefined },
  );
}

export async function loader() {
  return error(405, "method_not_allowed", "use POST");
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return error(405, "method_not_allowed", "use POST");
  const auth = request.headers.get("Authorization") ?? "";
  const m = auth.match(/^Bearer\s+(\S+)$/i);
  const workspaceId = m ? await workspaceForKey(m[1]) : null;
  if (!workspaceId) return error(401, "unauthorized", "a valid API key is required in the Authorization: Bearer header");
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (!type.includes("application/json")) return error(400, "bad_request", "send JSON with Content-Type: application/json");
  // JSON is UTF-8 (RFC 8259); a body declared as GBK would be read as garbage, not as what was meant.
  const charset = /charset\s*=\s*"?([\w-]+)/.exec(type)?.[1];
  if (charset && charset !== "utf-8" && charset !== "utf8") return error(400, "bad_request", `send JSON as UTF-8, not ${charset}`);
  // Bodies over the API limit never get here: server.ts answers 413 (payload_too_large).
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return error(400, "invalid_json", "the body is not valid JSON");
  }
  const parsed = BotReplyRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
    return error(400, "bad_request", issues.map((i) => `${i.field}: ${i.message}`).join("; "), { issues });
  }
  // Customers get the published version (the draft until the first publish, issue 13).
  const r = await botReply({
    workspaceId,
    channel: "api",
    sessionId: parsed.data.sessionId,
    text: parsed.data.text,
    version: "published",
    productId: parsed.data.productId,
  });
  return Response.json(apiReplyBody(r));
}
