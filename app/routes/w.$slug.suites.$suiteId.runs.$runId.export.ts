import type { LoaderFunctionArgs } from "@remix-run/node";

import { exportRun } from "~/models/suites.server";
import { requireWorkspace } from "~/session.server";

/** A run as JUnit XML (?format=junit, what Jenkins and GitLab read) or JSON (?format=json). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  const format = new URL(request.url).searchParams.get("format") === "json" ? "json" : "junit";
  const file = await exportRun(ctx.workspace.id, Number(params.suiteId), Number(params.runId), format);
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(file.body, {
    headers: {
      "Content-Type": file.type,
      "Content-Disposition": `attachment; filename="run-${params.runId}.${format === "json" ? "json" : "xml"}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    },
  });
}
