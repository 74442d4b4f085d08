import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportFaqFile } from "~/models/faq.server";
import { requireWorkspace } from "~/session.server";

/** Downloads the whole knowledge base as CSV (UTF-8 with BOM, for Excel) or XLSX. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const format = new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "xlsx";
  const stamp = new Date().toISOString().slice(0, 10);
  const fileName = `${ctx.workspace.slug}-faqs-${stamp}.${format}`;
  const body = await exportFaqFile({ workspaceId: ctx.workspace.id, fileName });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
