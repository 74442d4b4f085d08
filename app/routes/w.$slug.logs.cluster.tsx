import type { LoaderFunctionArgs } from "@remix-run/node";

import { invariantResponse } from "~/invariant";
import { clusterMembers, faqTitles, findCluster, inboxFilterFrom } from "~/models/logs.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

/** The turns of one inbox cluster (same filters as the inbox), for expanding a row. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readLogs");
  const url = new URL(request.url);
  const { filter } = inboxFilterFrom(ctx.workspace.id, url.searchParams);
  const cluster = await findCluster(filter, url.searchParams.get("id") ?? "");
  invariantResponse(cluster);
  const page = Number(url.searchParams.get("mpage")) || 1;
  // The raw text only for admins who ask for it (readRawLogs); everyone else sees masked text.
  const raw = can(ctx.role, "readRawLogs") && url.searchParams.get("raw") === "1";
  const m = await clusterMembers({ ...filter, keys: cluster.keys, page, pageSize: 10, raw });
  const titles = await faqTitles(
    ctx.workspace.id,
    m.rows.map((r) => r.faqId).filter((x): x is number => x !== null),
  );
  return {
    id: cluster.id,
    total: m.total,
    page: m.page,
    pageSize: m.pageSize,
    rows: m.rows.map((r) => ({
      id: r.id,
      text: r.text,
      rawText: "rawText" in r ? (r.rawText as string) : null,
      sessionKey: r.sessionKey,
      time: r.time,
      batchId: r.batchId,
      decision: r.decision,
      confidence: r.confidence,
      faqQuestion: r.faqId !== null ? (titles.get(r.faqId)?.question ?? null) : null,
    })),
  };
}
