import { useFetcher, useNavigate, useRevalidator } from "@remix-run/react";
import { Alert, Button, Card, Input, InputNumber, Progress, Select, Space, Typography } from "antd";
import { useEffect, useState } from "react";

import { useJobPoll } from "~/components/versions/use-job-poll";
import { type ErrorParams, useT } from "~/i18n";

type Started = { ok: boolean; intent?: string; jobId?: number; runId?: number; error?: { code: string; params: ErrorParams } };

/**
 * Run a suite against the draft, the published version or an external bot over HTTP (its URL and
 * header lines whose values name the server's environment variables), with live progress from the run's job
 * (the same polling hook as publishing), cancel, and the report once it is done.
 */
export function RunCard({
  slug,
  suiteId,
  canRun,
  hasCases,
  published,
  targets,
  olderVersions,
  active,
}: {
  slug: string;
  suiteId: number;
  canRun: boolean;
  hasCases: boolean;
  published: number | null;
  /** The workspace's saved external bots (外部机器人), picked by name. */
  targets: { id: number; name: string; label: string }[];
  /** Earlier published version numbers, newest first. */
  olderVersions: number[];
  active: { jobId: number; runId: number } | null;
}) {
  const t = useT();
  const start = useFetcher<Started>();
  const cancel = useFetcher<Started>();
  const revalidator = useRevalidator();
  const navigate = useNavigate();
  const [version, setVersion] = useState<string>("draft");
  const [url, setUrl] = useState("");
  const [headers, setHeaders] = useState("");
  const [timeout, setTimeoutSeconds] = useState<number | null>(null);
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
            style={{ width: 240 }}
            onChange={(v) => setVersion(v)}
            options={[
              { value: "draft", label: t("suites.run.draft") },
              {
                value: "published",
                label: published === null ? t("suites.run.published") : `${t("suites.run.published")} v${published}`,
                disabled: published === null,
              },
              ...(olderVersions.length
                ? [{ label: t("suites.run.older"), options: olderVersions.map((n) => ({ value: String(n), label: t("suites.version.n", { n }) })) }]
                : []),
              ...(targets.length
                ? [
                    {
                      label: t("suites.targets.title"),
                      options: targets.map((x) => ({ value: `target:${x.id}`, label: x.name, title: `${x.name} · ${x.label}` })),
                    },
                  ]
                : []),
              { value: "http", label: t("suites.run.http") },
            ]}
          />
          <Button
            type="primary"
            loading={running || start.state !== "idle"}
            disabled={!hasCases || (version === "http" && !url.trim())}
            onClick={() =>
              start.submit(
                version === "http"
                  ? { intent: "run", version, url, headers, timeout: timeout === null ? "" : String(timeout) }
                  : version.startsWith("target:")
                    ? { intent: "run", version: "target", targetId: version.slice("target:".length) }
                    : { intent: "run", version },
                { method: "post" },
              )
            }
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
        {version === "http" && (
          <Space direction="vertical" style={{ width: "100%", maxWidth: 720 }} data-testid="run-http">
            <Input
              aria-label={t("suites.run.httpUrl")}
              placeholder="https://shop.example.com/api/v1/bot/reply"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
            <Input.TextArea
              aria-label={t("suites.run.httpHeaders")}
              placeholder={"Authorization: Bearer ${SHOP_BOT_KEY}"}
              autoSize={{ minRows: 2, maxRows: 6 }}
              value={headers}
              onChange={(e) => setHeaders(e.target.value)}
            />
            <Space wrap>
              {t("suites.run.httpTimeout")}
              <InputNumber
                aria-label={t("suites.run.httpTimeout")}
                min={1}
                max={120}
                placeholder="10"
                value={timeout}
                onChange={(v) => setTimeoutSeconds(v)}
                addonAfter={t("suites.run.seconds")}
              />
              <Typography.Text type="secondary">{t("suites.run.httpHelp")}</Typography.Text>
            </Space>
          </Space>
        )}
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
