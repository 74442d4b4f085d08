/**
 * POST /api/v1/bot/reply — the bot for a shop's own channels. Authenticated by a per-workspace
 * API key (Authorization: Bearer …), not by a session cookie.
 */
import type { ActionFunctionArgs } from "@remix-run/node";

import { BotReplyRequestSchema, type BotReplyResponse } from "~/bot-api";
import { workspaceForKey } from "~/models/api-keys.server";
import { botReply } from "~/models/bot.server";

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
  if (!(request.headers.get("Content-Type") ?? "").includes("application/json"))
    return error(400, "bad_request", "send JSON with Content-Type: application/json");
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
  const r = await botReply({ workspaceId, channel: "api", sessionId: parsed.data.sessionId, text: parsed.data.text });
  return Response.json({
    decision: r.decision,
    faqId: r.faqId,
    answer: r.answer,
    suggestions: r.suggestions,
    confidence: r.confidence,
    reason: r.reason,
    latencyMs: r.latencyMs,
    mode: r.mode,
    reply: r.reply,
  } satisfies BotReplyResponse);
}
