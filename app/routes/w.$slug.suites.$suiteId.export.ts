import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportSuiteCases } from "~/models/suites.server";
import { requireWorkspace } from "~/session.server";

const TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  yaml: "application/yaml; charset=utf-8",
} as const;

/** A suite's cases as XLSX (?format=xlsx) or CSV (?format=csv), one row per turn, or YAML (?format=yaml); re-importable. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  const asked = new URL(request.url).searchParams.get("format");
  const format = asked === "csv" || asked === "yaml" ? asked : "xlsx";
  const file = await exportSuiteCases(ctx.workspace.id, Number(params.suiteId), format);
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="suite-${params.suiteId}.${format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    },
  });
}
