import type { LoaderFunctionArgs } from "@remix-run/node";

import { jobStatus } from "~/models/jobs.server";
import { SUITE_RUN_JOB } from "~/models/suites.server";
import { requireWorkspace } from "~/session.server";

/** Progress of a test-suite run, polled by the suite page (useJobPoll). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  const job = await jobStatus(ctx.workspace.id, Number(params.jobId));
  if (!job || job.kind !== SUITE_RUN_JOB) throw new Response("Not found", { status: 404 });
  return job;
}
