import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportProductFile } from "~/models/products.server";
import { requireWorkspace } from "~/session.server";

/** Downloads the catalogue as CSV (UTF-8 with BOM, for Excel) or XLSX; it re-imports unchanged. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const format = new URL(request.url).searchParams.get("format") === "csv" ? "csv" : "xlsx";
  const stamp = new Date().toISOString().slice(0, 10);
  const fileName = `${ctx.workspace.slug}-products-${stamp}.${format}`;
  const body = await exportProductFile({ workspaceId: ctx.workspace.id, fileName });
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
