import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportLogTurns } from "~/models/logs.server";
import { requireWorkspace } from "~/session.server";

/** The cleaned (masked) turns as JSONL, streamed: the same records as `kb logs:export`. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readLogs");
  const b = Number(new URL(request.url).searchParams.get("batch"));
  const batchId = Number.isInteger(b) && b > 0 ? b : undefined;
  const pages = exportLogTurns({ workspaceId: ctx.workspace.id, batchId });
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pages.next();
      if (next.done) controller.close();
      else controller.enqueue(enc.encode(next.value.map((t) => JSON.stringify(t)).join("\n") + "\n"));
    },
  });
  const name = `chat-logs-${ctx.workspace.slug}${batchId ? `-batch-${batchId}` : ""}.jsonl`;
  return new Response(body, {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"` },
  });
}
