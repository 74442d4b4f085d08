/** The progress card of a running log import or replay: polls the job, then offers the inbox. */
import { InboxOutlined } from "@ant-design/icons";
import { Link, useFetcher, useRevalidator } from "@remix-run/react";
import { Alert, Button, Card, Progress, Result, Steps, Typography } from "antd";
import { useEffect, useRef } from "react";

import { useT } from "~/i18n";
import type { loader as jobLoader } from "~/routes/w.$slug.logs.jobs.$jobId";

import { ReportView } from "./ReportView";

type JobData = Awaited<ReturnType<typeof jobLoader>>;

export function JobProgress({ slug, jobId }: { slug: string; jobId: string }) {
  const t = useT();
  const fetcher = useFetcher<typeof jobLoader>();
  const job = fetcher.data as JobData | undefined;
  const finished = job && (job.phase === "done" || job.phase === "failed");
  const { revalidate } = useRevalidator();
  const state = useRef(fetcher.state);
  state.current = fetcher.state;
  const { load } = fetcher;
  useEffect(() => {
    if (finished) return;
    const url = `/w/${slug}/logs/jobs/${jobId}`;
    if (state.current === "idle") load(url);
    // A plain interval: it survives a poll being interrupted by a navigation or revalidation.
    const timer = setInterval(() => state.current === "idle" && load(url), 500);
    return () => clearInterval(timer);
  }, [finished, jobId, slug, load]);
  useEffect(() => {
    // Refresh the batch list once the job is over.
    if (finished) revalidate();
  }, [finished, revalidate]);
  if (!job) return <Card loading style={{ marginBottom: 16 }} />;
  const step = job.phase === "import" ? 0 : job.phase === "replay" ? 1 : 2;
  const pct =
    job.phase === "import" ? Math.floor(job.fraction * 100) : job.phase === "replay" ? Math.floor((job.replayed / Math.max(1, job.replayTotal)) * 100) : 100;
  const r = job.report;
  return (
    <Card title={job.fileName ? t("logs.job.title", { file: job.fileName }) : t("logs.job.replayTitle")} style={{ marginBottom: 16 }} data-testid="log-job">
      <Steps
        current={step}
        status={job.phase === "failed" ? "error" : job.phase === "done" ? "finish" : "process"}
        items={[{ title: t("logs.job.step.import") }, { title: t("logs.job.step.replay") }, { title: t("logs.job.step.done") }]}
        style={{ marginBottom: 16 }}
      />
      {job.phase === "failed" ? (
        <Alert type="error" showIcon title={t("logs.job.failed")} description={job.error?.message} />
      ) : job.existing ? (
        <Alert type="info" showIcon title={t("logs.job.existing", { id: job.batchId ?? "" })} />
      ) : job.phase === "import" ? (
        <div>
          <Progress percent={pct} status="active" aria-label={t("logs.job.progress")} />
          <Typography.Text type="secondary">{t("logs.job.rows", { n: t.num(job.rows) })}</Typography.Text>
        </div>
      ) : (
        // The import is committed: the inbox can be used while the bot replays the turns.
        <Result
          status={r && r.rejected ? "warning" : "success"}
          title={job.fileName ? t("logs.job.done", { s: (job.elapsedMs / 1000).toFixed(1) }) : t("logs.job.replayTitle")}
          subTitle={
            job.phase === "replay" ? (
              <div>
                <Progress percent={pct} status="active" aria-label={t("logs.job.progress")} />
                {t("logs.job.replayed", { n: t.num(job.replayed), total: t.num(job.replayTotal) })}
              </div>
            ) : job.replay ? (
              t("logs.job.replayStats", { n: t.num(job.replay.turns), d: t.num(job.replay.distinct), rate: t.num(job.replay.turnsPerSecond) })
            ) : undefined
          }
          extra={
            <Link to={`/w/${slug}/logs/inbox${job.batchId ? `?batch=${job.batchId}` : ""}`}>
              <Button type="primary" icon={<InboxOutlined />}>
                {t("logs.job.toInbox")}
              </Button>
            </Link>
          }
        />
      )}
      {r ? <ReportView report={r} /> : null}
    </Card>
  );
}
