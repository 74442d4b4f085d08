import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Alert, App, Button, Card, Input, Popconfirm, Progress, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";

import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { DiffView } from "~/components/versions/DiffView";
import { ImpactCard, type ImpactView } from "~/components/versions/ImpactCard";
import { useJobPoll } from "~/components/versions/use-job-poll";
import { type ErrorParams, useT } from "~/i18n";
import { refusedAsData } from "~/models/errors.server";
import {
  assertMayPublish,
  DEFAULT_IMPACT_DAYS,
  diffVersions,
  lastImpact,
  parseVersionRef,
  publishPayload,
  publishRights,
  rollbackTo,
  startImpact,
  startPublish,
  type VersionRef,
  versionsList,
} from "~/models/versions.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "版本发布 · KB Studio" }];

const PAGE_SIZE = 20;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const url = new URL(request.url);
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const wsId = ctx.workspace.id;
  const [list, latest] = await Promise.all([versionsList(wsId, page, PAGE_SIZE), versionsList(wsId, 1, 1)]);
  const published = latest.rows[0]?.number ?? null;
  // A bad ?a= or ?b= falls back to published → draft.
  const ref = (name: string, fallback: VersionRef): VersionRef => {
    try {
      return parseVersionRef(url.searchParams.get(name), fallback);
    } catch {
      return fallback;
    }
  };
  const a = published === null ? null : ref("a", published);
  const b = ref("b", "draft");
  const diff = a === null ? null : await diffVersions(wsId, a, b).catch(() => null);
  const [rights, impact] = await Promise.all([publishRights(wsId, ctx.role), published === null ? null : lastImpact(wsId)]);
  return {
    slug: ctx.workspace.slug,
    published,
    versions: list.rows.map((r) => ({ ...r, fingerprint: undefined })),
    total: list.total,
    page,
    pageSize: PAGE_SIZE,
    diff,
    mayPublish: rights.mayPublish,
    isAdmin: ctx.role === "admin",
    roleMayPublish: can(ctx.role, "publishKnowledge"),
    gate: rights.gate,
    impact,
    canPreview: can(ctx.role, "editKnowledge"),
  };
}

async function change({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "impact") {
    // A preview changes nothing the bot uses: whoever edits the draft may run one.
    const ctx = await requireWorkspace(request, params.slug, "editKnowledge");
    const days = Math.min(90, Math.max(1, Math.round(Number(form.get("days")) || DEFAULT_IMPACT_DAYS)));
    const jobId = await startImpact(ctx.workspace.id, ctx.user.id, days);
    return { ok: true as const, intent, jobId };
  }
  const ctx = await requireWorkspace(request, params.slug, "publishKnowledge");
  if (intent === "publish") {
    const payload = publishPayload(form.get("note"), form.get("overrideReason"));
    await assertMayPublish(ctx.workspace.id, ctx.role, payload.overrideReason);
    const jobId = await startPublish(ctx.workspace.id, ctx.user.id, payload);
    return { ok: true as const, intent, jobId };
  }
  if (intent === "rollback") {
    await assertMayPublish(ctx.workspace.id, ctx.role, null);
    const ref = parseVersionRef(String(form.get("version") ?? ""), "published");
    if (typeof ref !== "number") throw new Response("Bad request", { status: 400 });
    const row = await rollbackTo(ctx.workspace.id, ctx.user.id, ref, String(form.get("note") ?? ""));
    return { ok: true as const, intent, version: row.number, restores: ref };
  }
  throw new Response("Bad request", { status: 400 });
}

export const action = (args: ActionFunctionArgs) => refusedAsData(() => change(args));

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type PublishResultView = {
  version: number | null;
  blocked: boolean;
  reused: boolean;
  gate: { passRate: number | null; failures: { suite: string | null; text: string; expected: string; got: string }[] };
};

function PublishCard({ d }: { d: Loaded }) {
  const t = useT();
  const { message } = App.useApp();
  const submit = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [jobId, setJobId] = useState<number | null>(null);
  const submitted = submit.data as { ok: boolean; intent?: string; jobId?: number; error?: { code: string; params: ErrorParams } } | undefined;

  useEffect(() => {
    if (submitted?.ok && submitted.intent === "publish" && submitted.jobId) setJobId(submitted.jobId);
  }, [submitted]);

  const { job, settled, percent } = useJobPoll(d.slug, jobId);
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

  if (!d.roleMayPublish) return <Alert type="info" showIcon message={t("versions.publish.noRight")} />;
  const phase = job?.progress?.phase ?? (jobId ? "queued" : null);
  return (
    <Card title={t("versions.publish.title")} size="small">
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">
          {d.gate.suiteIds.length
            ? t("versions.publish.gate", {
                suites: d.gate.suiteIds.length,
                rate: d.gate.minPassRate != null ? t("versions.publish.gateRate", { rate: `${Math.round(d.gate.minPassRate * 100)}%` }) : "",
              })
            : t("versions.publish.noGate")}
        </Typography.Text>
        {!d.mayPublish ? (
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
                {d.isAdmin && (
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

function RollbackButton({ version, disabled }: { version: number; disabled: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const f = useFetcher<typeof action>();
  const r = f.data as { ok: boolean; version?: number; restores?: number; error?: { code: string; params: ErrorParams } } | undefined;
  useEffect(() => {
    if (r?.ok) message.success(t("versions.rolledBack", { version: r.version, restores: r.restores }));
    else if (r?.error) message.error(t.error(r.error.code, r.error.params));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [r]);
  return (
    <Popconfirm
      title={t("versions.rollback.confirm", { version })}
      onConfirm={() => f.submit({ intent: "rollback", version: String(version) }, { method: "post" })}
      disabled={disabled}
    >
      <Button size="small" disabled={disabled} loading={f.state !== "idle"} data-testid={`rollback-${version}`}>
        {t("versions.rollback")}
      </Button>
    </Popconfirm>
  );
}

export default function VersionsPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const nav = useSearchParamsNav();
  // Comparing keeps the version list on its page.
  const go = (patch: Record<string, string>) => nav(patch.page ? patch : { ...patch, page: d.page > 1 ? d.page : undefined });
  const refLabel = (v: "draft" | number) => (v === "draft" ? t("versions.diff.draft") : t("versions.diff.version", { version: v }));
  const options = [
    { value: "draft", label: t("versions.diff.draft") },
    ...d.versions.map((v) => ({ value: String(v.number), label: `v${v.number}${v.note ? ` · ${v.note}` : ""}` })),
  ];
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("versions.title")}</h1>
        {d.published !== null && <Tag color="green">{t("versions.current", { version: d.published })}</Tag>}
      </div>
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("versions.intro")}
        </Typography.Paragraph>
        {d.published === null && <Alert type="warning" showIcon message={t("versions.none")} data-testid="unpublished" />}
        <PublishCard d={d} />
        <ImpactCard slug={d.slug} last={d.impact as { finishedAt: number | null; result: ImpactView } | null} canRun={d.canPreview} published={d.published} />
        <Card
          size="small"
          title={t("versions.diff")}
          extra={
            d.diff && (
              <Space>
                {t("versions.diff.from")}
                <Select
                  size="small"
                  style={{ width: 200 }}
                  value={String(d.diff.a)}
                  options={options}
                  aria-label={t("versions.diff.from")}
                  onChange={(v) => go({ a: v })}
                />
                {t("versions.diff.to")}
                <Select
                  size="small"
                  style={{ width: 200 }}
                  value={String(d.diff.b)}
                  options={options}
                  aria-label={t("versions.diff.to")}
                  onChange={(v) => go({ b: v })}
                />
              </Space>
            )
          }
        >
          {d.diff ? (
            <>
              <Typography.Paragraph strong>
                {refLabel(d.diff.a)} → {refLabel(d.diff.b)}
              </Typography.Paragraph>
              {d.diff.b === "draft" && d.diff.diff.same && d.diff.a === d.published ? (
                <Alert type="info" showIcon message={t("versions.publish.same")} />
              ) : (
                <DiffView diff={d.diff.diff} slug={d.slug} />
              )}
            </>
          ) : (
            <Typography.Text type="secondary">{t("versions.diff.nothingPublished")}</Typography.Text>
          )}
        </Card>
        <Card size="small" title={t("versions.list")}>
          <Table
            size="small"
            rowKey="id"
            dataSource={d.versions}
            locale={{ emptyText: t("versions.empty") }}
            pagination={{
              current: d.page,
              pageSize: d.pageSize,
              total: d.total,
              showSizeChanger: false,
              showTotal: (total) => t("common.total", { total }),
              onChange: (page) => go({ page: String(page) }),
            }}
            columns={[
              {
                title: t("versions.col.number"),
                dataIndex: "number",
                width: 110,
                render: (n: number) => (
                  <Space size={4}>
                    <Typography.Text strong>v{n}</Typography.Text>
                    {n === d.published && <Tag color="green">{t("versions.live")}</Tag>}
                  </Space>
                ),
              },
              {
                title: t("versions.col.note"),
                dataIndex: "note",
                render: (note: string, r) => (
                  <Space size={4} wrap>
                    {r.restores != null && <Tag color="purple">{t("versions.restores", { version: r.restores })}</Tag>}
                    <span>{note}</span>
                  </Space>
                ),
              },
              { title: t("versions.col.who"), dataIndex: "createdByName", width: 140 },
              { title: t("versions.col.when"), dataIndex: "createdAt", width: 160, render: (ms: number) => t.date(ms) },
              { title: t("versions.col.content"), dataIndex: "stats", width: 200, render: (s: { faqs: number; variants: number }) => t("versions.content", s) },
              {
                title: t("versions.col.gate"),
                dataIndex: "gate",
                width: 100,
                render: (g: { required: boolean; passed: boolean; overrideReason: string | null }) =>
                  !g.required ? (
                    <Tag>{t("versions.gate.none")}</Tag>
                  ) : g.passed ? (
                    <Tag color="green">{t("versions.gate.passed")}</Tag>
                  ) : (
                    <Tag color="red" title={g.overrideReason ?? undefined}>
                      {t("versions.gate.overridden")}
                    </Tag>
                  ),
              },
              {
                title: t("versions.col.actions"),
                key: "actions",
                width: 150,
                render: (_: unknown, r) => (
                  <Space size={4}>
                    <Button size="small" type="link" onClick={() => go({ a: String(r.number), b: "draft" })}>
                      {t("versions.compare")}
                    </Button>
                    {d.mayPublish && <RollbackButton version={r.number} disabled={r.number === d.published} />}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
