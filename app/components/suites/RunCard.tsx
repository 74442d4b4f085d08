import { useFetcher, useNavigate, useRevalidator } from "@remix-run/react";
import { Alert, Button, Card, Progress, Select, Space, Typography } from "antd";
import { useEffect, useState } from "react";

import { useJobPoll } from "~/components/versions/use-job-poll";
import { type ErrorParams, useT } from "~/i18n";

type Started = { ok: boolean; intent?: string; jobId?: number; runId?: number; error?: { code: string; params: ErrorParams } };

/**
 * Run a suite against the draft or the published version, with live progress from the run's job
 * (the same polling hook as publishing), cancel, and the report once it is done.
 */
export function RunCard({
  slug,
  suiteId,
  canRun,
  hasCases,
  published,
  active,
}: {
  slug: string;
  suiteId: number;
  canRun: boolean;
  hasCases: boolean;
  published: number | null;
  active: { jobId: number; runId: number } | null;
}) {
  const t = useT();
  const start = useFetcher<Started>();
  const cancel = useFetcher<Started>();
  const revalidator = useRevalidator();
  const navigate = useNavigate();
  const [version, setVersion] = useState<"draft" | "published">("draft");
  const [current, setCurrent] = useState(active);
  useEffect(() => {
    if (start.data?.ok && start.data.jobId && start.data.runId) setCurrent({ jobId: start.data.jobId, runId: start.data.runId });
  }, [start.data]);
  const { job, settled, percent, running } = useJobPoll(slug, current?.jobId ?? null, "suites");
  useEffect(() => {
    if (!job || !settled) return;
    // A finished run opens its report; otherwise the page reloads its runs (one navigation, never both at once).
    if (job.status === "done" && current) navigate(`/w/${slug}/suites/${suiteId}/runs/${current.runId}`);
    else revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per settled job
  }, [job?.status, settled]);
  if (!canRun) return <Alert type="info" showIcon message={t("suites.run.noRight")} />;
  const err = start.data && !start.data.ok ? start.data.error : null;
  return (
    <Card size="small" title={t("suites.run")} data-testid="run-card">
      <Space direction="vertical" style={{ width: "100%" }}>
        <Space wrap>
          {t("suites.run.target")}
          <Select
            aria-label={t("suites.run.target")}
            value={version}
            style={{ width: 180 }}
            onChange={(v) => setVersion(v)}
            options={[
              { value: "draft", label: t("suites.run.draft") },
              {
                value: "published",
                label: published === null ? t("suites.run.published") : `${t("suites.run.published")} v${published}`,
                disabled: published === null,
              },
            ]}
          />
          <Button
            type="primary"
            loading={running || start.state !== "idle"}
            disabled={!hasCases}
            onClick={() => start.submit({ intent: "run", version }, { method: "post" })}
            data-testid="suite-run"
          >
            {t("suites.run")}
          </Button>
          {running && current && (
            <Button
              danger
              loading={cancel.state !== "idle"}
              onClick={() => cancel.submit({ intent: "cancel", runId: String(current.runId) }, { method: "post" })}
            >
              {t("suites.run.cancel")}
            </Button>
          )}
        </Space>
        {!hasCases && <Typography.Text type="secondary">{t("suites.run.noCases")}</Typography.Text>}
        {err && <Alert type="error" showIcon message={t.error(err.code, err.params)} />}
        {running && (
          <div data-testid="run-progress">
            <Typography.Text>{t("suites.run.running", { done: job?.progress?.done ?? 0, total: job?.progress?.total || "…" })}</Typography.Text>
            <Progress percent={percent} size="small" style={{ maxWidth: 720 }} />
          </div>
        )}
        {job?.status === "cancelled" && <Alert type="warning" showIcon message={t("suites.run.cancelled")} />}
        {job?.status === "failed" && job.error && <Alert type="error" showIcon message={t.error(job.error.code, job.error.params ?? {})} />}
      </Space>
    </Card>
  );
}
