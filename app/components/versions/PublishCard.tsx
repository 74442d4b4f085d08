import { useFetcher, useRevalidator } from "@remix-run/react";
import { Alert, App, Button, Card, Input, Popconfirm, Progress, Space, Typography } from "antd";
import { useEffect, useState } from "react";

import { type ErrorParams, useT } from "~/i18n";

import { useJobPoll } from "./use-job-poll";

type Submitted = { ok: boolean; intent?: string; jobId?: number; error?: { code: string; params: ErrorParams } };
type PublishResultView = {
  version: number | null;
  blocked: boolean;
  reused: boolean;
  gate: { passRate: number | null; failures: { suite: string | null; text: string; expected: string; got: string }[] };
};

/** Publish the draft: the gate it must pass, progress from the publish job, and an admin's override when the gate blocks it. */
export function PublishCard({
  slug,
  roleMayPublish,
  mayPublish,
  isAdmin,
  gate,
}: {
  slug: string;
  roleMayPublish: boolean;
  mayPublish: boolean;
  isAdmin: boolean;
  gate: { suiteIds: number[]; minPassRate: number | null };
}) {
  const t = useT();
  const { message } = App.useApp();
  const submit = useFetcher<Submitted>();
  const revalidator = useRevalidator();
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [jobId, setJobId] = useState<number | null>(null);
  const submitted = submit.data;

  useEffect(() => {
    if (submitted?.ok && submitted.intent === "publish" && submitted.jobId) setJobId(submitted.jobId);
  }, [submitted]);

  const { job, settled, percent } = useJobPoll(slug, jobId);
  const result = job?.status === "done" ? (job.result as PublishResultView) : null;
  useEffect(() => {
    if (result && !result.blocked) {
      message.success(t("versions.published", { version: result.version }));
      setNote("");
      setReason("");
      revalidator.revalidate();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per settled job
  }, [result?.version, result?.blocked]);

  const busy = submit.state !== "idle" || (!!jobId && !settled);
  const publish = (overrideReason?: string) =>
    submit.submit({ intent: "publish", note, ...(overrideReason !== undefined ? { overrideReason } : {}) }, { method: "post" });

  if (!roleMayPublish) return <Alert type="info" showIcon message={t("versions.publish.noRight")} />;
  const phase = job?.progress?.phase ?? (jobId ? "queued" : null);
  return (
    <Card title={t("versions.publish.title")} size="small">
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">
          {gate.suiteIds.length
            ? t("versions.publish.gate", {
                suites: gate.suiteIds.length,
                rate: gate.minPassRate != null ? t("versions.publish.gateRate", { rate: `${Math.round(gate.minPassRate * 100)}%` }) : "",
              })
            : t("versions.publish.noGate")}
        </Typography.Text>
        {!mayPublish ? (
          <Alert type="warning" showIcon message={t("versions.publish.notAllowed")} />
        ) : (
          <Space.Compact style={{ width: "100%", maxWidth: 720 }}>
            <Input
              aria-label={t("versions.publish.note")}
              placeholder={t("versions.publish.notePlaceholder")}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              onPressEnter={() => !busy && publish()}
            />
            <Button type="primary" loading={busy} onClick={() => publish()} data-testid="publish">
              {t("versions.publish")}
            </Button>
          </Space.Compact>
        )}
        {submitted && !submitted.ok && submitted.error && <Alert type="error" showIcon message={t.error(submitted.error.code, submitted.error.params)} />}
        {phase && !settled && (
          <div data-testid="publish-progress">
            <Typography.Text>{t(`versions.phase.${phase}`)}</Typography.Text>
            <Progress percent={percent} size="small" style={{ maxWidth: 720 }} />
          </div>
        )}
        {job?.status === "failed" && job.error && (
          <Alert type="error" showIcon message={t("versions.failed", { error: t.error(job.error.code, job.error.params ?? {}) })} />
        )}
        {result && !result.blocked && (
          <Alert type="success" showIcon message={`${t("versions.published", { version: result.version })}${result.reused ? t("versions.reused") : ""}`} />
        )}
        {result?.blocked && (
          <Alert
            type="error"
            showIcon
            data-testid="gate-blocked"
            message={t("versions.blocked", { rate: `${Math.round((result.gate.passRate ?? 0) * 100)}%`, failures: result.gate.failures.length })}
            description={
              <Space direction="vertical" style={{ width: "100%" }}>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {result.gate.failures.slice(0, 20).map((f, i) => (
                    <li key={i}>{t("versions.blocked.failure", f)}</li>
                  ))}
                </ul>
                {isAdmin && (
                  <Space.Compact style={{ width: "100%", maxWidth: 720 }}>
                    <Input
                      aria-label={t("versions.override.reason")}
                      placeholder={t("versions.override.reason")}
                      value={reason}
                      onChange={(e) => setReason(e.target.value)}
                    />
                    <Popconfirm title={t("versions.override.confirm")} onConfirm={() => publish(reason)} disabled={!reason.trim()}>
                      <Button danger disabled={!reason.trim()}>
                        {t("versions.override")}
                      </Button>
                    </Popconfirm>
                  </Space.Compact>
                )}
              </Space>
            }
          />
        )}
      </Space>
    </Card>
  );
}
