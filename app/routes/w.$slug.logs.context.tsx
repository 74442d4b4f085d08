import type { LoaderFunctionArgs } from "@remix-run/node";

import { invariantResponse, requireId } from "~/invariant";
import { sessionContext } from "~/models/logs.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

/** The turns before and after one turn in its session (the inbox's context drawer). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readLogs");
  const url = new URL(request.url);
  const turnId = requireId(url.searchParams.get("turn"));
  const raw = can(ctx.role, "readRawLogs") && url.searchParams.get("raw") === "1";
  const c = await sessionContext({ workspaceId: ctx.workspace.id, turnId, around: 8, raw });
  invariantResponse(c);
  return {
    sessionKey: c.sessionKey,
    turns: c.turns.map((t) => ({
      id: t.id,
      role: t.role,
      text: t.text,
      rawText: "rawText" in t ? (t.rawText as string) : null,
      time: t.time,
      noise: t.noise,
      decision: t.decision,
      current: t.current,
    })),
  };
}
