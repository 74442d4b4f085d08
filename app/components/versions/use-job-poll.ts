import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";

import type { ErrorParams } from "~/i18n";

export interface JobView {
  status: string;
  progress: { done: number; total: number; phase?: string };
  result: unknown;
  error: { code: string; params?: ErrorParams; message?: string } | null;
}

/**
 * Polls a background job until it settles: `area` names the page's job route
 * (`/w/<slug>/<area>/jobs/<id>`: versions for publish and impact preview, suites for test runs).
 */
export function useJobPoll(slug: string, jobId: number | null, area: "versions" | "suites" = "versions") {
  const poll = useFetcher<JobView>();
  const job = jobId ? poll.data : undefined;
  const settled = !!job && ["done", "failed", "cancelled"].includes(job.status);
  useEffect(() => {
    if (!jobId || settled) return;
    const load = () => poll.load(`/w/${slug}/${area}/jobs/${jobId}`);
    load();
    const timer = setInterval(load, 700);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- poll.load is stable; re-arm only for a new job or once it settles
  }, [jobId, settled, slug, area]);
  const percent = job?.progress?.total ? Math.round((100 * job.progress.done) / job.progress.total) : 0;
  return { job, settled, percent, running: !!jobId && !settled };
}
