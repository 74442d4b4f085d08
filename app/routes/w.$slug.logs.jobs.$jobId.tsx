import type { LoaderFunctionArgs } from "@remix-run/node";

import { getLogJob } from "~/models/logs.server";
import { requireWorkspace } from "~/session.server";

/** Progress of an import or replay job, polled by the logs page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readLogs");
  const job = getLogJob(ctx.workspace.id, params.jobId ?? "");
  if (!job) throw new Response("Not found", { status: 404 });
  const r = job.report;
  return {
    id: job.id,
    fileName: job.fileName,
    phase: job.phase,
    rows: job.rows,
    fraction: job.fraction,
    replayed: job.replayed,
    replayTotal: job.replayTotal,
    batchId: job.batchId,
    existing: job.existing,
    error: job.error,
    elapsedMs: (job.finishedAt ?? Date.now()) - job.startedAt,
    replay: job.replay,
    report: r
      ? {
          read: r.read,
          imported: r.imported,
          duplicates: r.duplicates,
          noise: r.noise,
          rejected: r.rejected,
          masked: r.masked,
          errors: r.errors.slice(0, 1000),
          errorsOmitted: r.errorsOmitted,
          noiseReasons: r.noiseReasons,
          steps: r.steps,
          split: r.split,
        }
      : null,
  };
}
