import type { LoaderFunctionArgs } from "@remix-run/node";

import { jobStatus } from "~/models/jobs.server";
import { IMPACT_JOB, PUBLISH_JOB } from "~/models/versions.server";
import { requireWorkspace } from "~/session.server";

/** Progress of a publish or impact-preview job, polled by the 版本发布 page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const job = await jobStatus(ctx.workspace.id, Number(params.jobId));
  if (!job || (job.kind !== PUBLISH_JOB && job.kind !== IMPACT_JOB)) throw new Response("Not found", { status: 404 });
  return job;
}
