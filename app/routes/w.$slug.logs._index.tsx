import { DownloadOutlined, InboxOutlined, ReloadOutlined, UploadOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigate, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Input,
  Popconfirm,
  Progress,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
} from "antd";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";

import { useT } from "~/i18n";
import {
  countUnreplayed,
  deleteBatch,
  labelAccuracy,
  listBatches,
  MAX_LOG_FILE_BYTES,
  noisePatterns,
  previewLogUpload,
  saveNoisePatterns,
  startLogImport,
  startReplay,
} from "~/models/logs.server";
import { dropUpload, fileFromForm, readMultipart, readUpload, stashUpload } from "~/models/uploads.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

import { KbError } from "../../training/errors";
import type { loader as jobLoader } from "./w.$slug.logs.jobs.$jobId";

export const meta: MetaFunction = () => [{ title: "对话日志 · KB Studio" }];

const QuerySchema = z.object({
  page: z.coerce.number().int().positive().optional().catch(1),
  pageSize: z.coerce.number().int().min(5).max(100).optional().catch(20),
  job: z.string().uuid().optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readLogs");
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [list, accuracy, unreplayed, patterns] = await Promise.all([
    listBatches({ workspaceId: ctx.workspace.id, page: query.page, pageSize: query.pageSize }),
    labelAccuracy({ workspaceId: ctx.workspace.id }),
    countUnreplayed({ workspaceId: ctx.workspace.id }),
    noisePatterns(ctx.workspace.id),
  ]);
  return {
    slug: ctx.workspace.slug,
    canImport: can(ctx.role, "importLogs"),
    canLabel: can(ctx.role, "labelLogs"),
    maxMb: MAX_LOG_FILE_BYTES / 1024 / 1024,
    job: query.job ?? null,
    accuracy,
    unreplayed,
    noisePatterns: patterns,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    batches: list.rows.map((b) => ({
      id: b.id,
      fileName: b.fileName,
      format: b.format,
      encoding: b.encoding,
      status: b.status,
      createdAt: b.createdAt,
      createdBy: b.createdBy,
      replayed: b.replayed,
      labels: b.labels,
      turns: b.turns,
      read: b.report.read ?? 0,
      imported: b.report.imported ?? 0,
      duplicates: b.report.duplicates ?? 0,
      noise: b.report.noise ?? 0,
      rejected: b.report.rejected ?? 0,
      masked: b.report.masked ?? {},
      noiseReasons: b.report.noiseReasons ?? {},
      steps: b.report.steps ?? {},
      errors: (b.report.errors ?? []).slice(0, 200),
      errorsOmitted: (b.report.errorsOmitted ?? 0) + Math.max(0, (b.report.errors ?? []).length - 200),
      ms: b.report.ms ?? null,
    })),
  };
}

const FIELDS = ["session", "role", "text", "time"] as const;
const StartSchema = z.object({
  intent: z.literal("start"),
  token: z.string(),
  session: z.string().max(100).optional(),
  role: z.string().max(100).optional(),
  text: z.string().max(100).optional(),
  time: z.string().max(100).optional(),
  split: z.enum(["0", "1"]).catch("1"),
  emoji: z.enum(["remove", "keep", "placeholder"]).catch("remove"),
});
const ReplaySchema = z.object({ intent: z.literal("replay") });
const DeleteSchema = z.object({ intent: z.literal("delete"), batchId: z.coerce.number().int().positive() });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "importLogs");
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const { form, tooLarge } = await readMultipart(request, MAX_LOG_FILE_BYTES);
    if (tooLarge || !form) return data({ stage: "error" as const, error: "logs.import.tooLarge" }, { status: 413 });
    const file = await fileFromForm(form);
    if (!file) return data({ stage: "error" as const, error: "logs.import.noFile" }, { status: 400 });
    const preview = await previewLogUpload(file.fileName, file.bytes);
    if (!preview.format) return data({ stage: "error" as const, error: "logs.import.fileType" }, { status: 400 });
    const token = await stashUpload(ctx.workspace.id, file.fileName, file.bytes);
    return {
      stage: "preview" as const,
      token,
      fileName: file.fileName,
      size: file.bytes.byteLength,
      format: preview.format,
      headers: preview.headers,
      mapping: preview.mapping,
      rows: preview.rows.map((r) => r.map((c) => (c.length > 40 ? `${c.slice(0, 40)}…` : c))),
    };
  }
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "noise") {
    try {
      const r = await saveNoisePatterns({ workspaceId: ctx.workspace.id, userId: ctx.user.id, text: String(form.patterns ?? "").slice(0, 30_000) });
      return { stage: "noise" as const, marked: r.marked, unmarked: r.unmarked, count: r.patterns.length };
    } catch (e) {
      if (e instanceof KbError) return data({ stage: "noiseError" as const, code: e.code, params: e.params }, { status: 400 });
      throw e;
    }
  }
  if (form.intent === "delete") {
    const del = DeleteSchema.safeParse(form);
    if (!del.success) return data({ stage: "error" as const, error: "logs.batches.deleteBad" }, { status: 400 });
    const r = await deleteBatch({ workspaceId: ctx.workspace.id, id: del.data.batchId, userId: ctx.user.id });
    // Another workspace's batch id is as unknown as a missing one.
    if (!r) throw new Response("Not Found", { status: 404 });
    if (r === "busy") return data({ stage: "error" as const, error: "logs.batches.busy" }, { status: 409 });
    return { stage: "deleted" as const, fileName: r.fileName, turns: r.turns, labels: r.labels };
  }
  const replay = ReplaySchema.safeParse(form);
  if (replay.success) {
    const jobId = startReplay({ workspaceId: ctx.workspace.id });
    return { stage: "running" as const, jobId };
  }
  const parsed = StartSchema.safeParse(form);
  if (!parsed.success) return data({ stage: "error" as const, error: "logs.import.expired" }, { status: 400 });
  const upload = await readUpload(ctx.workspace.id, parsed.data.token);
  if (!upload) return data({ stage: "error" as const, error: "logs.import.expired" }, { status: 400 });
  const mapping: Record<string, string> = {};
  for (const f of FIELDS) if (parsed.data[f]) mapping[f] = parsed.data[f]!;
  const jobId = startLogImport({
    workspaceId: ctx.workspace.id,
    userId: ctx.user.id,
    fileName: upload.fileName,
    bytes: upload.bytes,
    mapping: Object.keys(mapping).length ? mapping : undefined,
    cleaning: { split: parsed.data.split === "1", emoji: parsed.data.emoji },
  });
  void dropUpload(ctx.workspace.id, parsed.data.token);
  return { stage: "running" as const, jobId };
}

type JobData = Awaited<ReturnType<typeof jobLoader>>;

/** The shop's own noise rules: platform lines the built-in rules miss, one per line. */
function NoiseRules({ patterns, result }: { patterns: string[]; result: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT();
  const nav = useNavigation();
  const saving = nav.state === "submitting" && nav.formData?.get("intent") === "noise";
  return (
    <Card size="small" title={t("logs.noiseRules.title")} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t("logs.noiseRules.help")}</Typography.Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value="noise" />
        <Input.TextArea
          name="patterns"
          aria-label={t("logs.noiseRules.title")}
          defaultValue={patterns.join("\n")}
          autoSize={{ minRows: 2, maxRows: 8 }}
          placeholder={t("logs.noiseRules.placeholder")}
          style={{ marginBottom: 8 }}
        />
        <Space wrap>
          <Button htmlType="submit" loading={saving}>
            {t("logs.noiseRules.save")}
          </Button>
          {result?.stage === "noise" ? (
            <Typography.Text type="success">
              {t("logs.noiseRules.saved", { n: result.count, marked: result.marked, unmarked: result.unmarked })}
            </Typography.Text>
          ) : null}
          {result?.stage === "noiseError" ? <Typography.Text type="danger">{t.error(result.code, result.params)}</Typography.Text> : null}
        </Space>
      </Form>
    </Card>
  );
}

function JobProgress({ slug, jobId }: { slug: string; jobId: string }) {
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

interface ReportLike {
  read: number;
  imported: number;
  duplicates: number;
  noise: number;
  rejected: number;
  masked: Record<string, number | undefined>;
  errors: { row: number; message: string }[];
  errorsOmitted?: number;
  noiseReasons?: Record<string, number>;
  steps?: Record<string, number | undefined>;
}

function ReportView({ report }: { report: ReportLike }) {
  const t = useT();
  const masked = Object.entries(report.masked).filter(([, n]) => n);
  const reasons = Object.entries(report.noiseReasons ?? {});
  const steps = Object.entries(report.steps ?? {}).filter(([, n]) => n);
  return (
    <div style={{ marginTop: 16 }}>
      <Row gutter={24} style={{ marginBottom: 12 }}>
        {(["read", "imported", "duplicates", "noise", "rejected"] as const).map((k) => (
          <Col key={k}>
            <Statistic title={t(`logs.count.${k}`)} value={report[k]} />
          </Col>
        ))}
      </Row>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t("logs.report.masked")}>
          {masked.length ? masked.map(([k, n]) => <Tag key={k}>{t("logs.mask.kind", { kind: t(`logs.mask.${k}`), n })}</Tag>) : t("common.none")}
        </Descriptions.Item>
        <Descriptions.Item label={t("logs.report.noise")}>
          {reasons.length ? reasons.map(([k, n]) => <Tag key={k}>{`${t(`logs.noise.${k.replace(/ /g, "_")}`)} ${n}`}</Tag>) : t("common.none")}
        </Descriptions.Item>
        <Descriptions.Item label={t("logs.report.steps")}>
          {steps.length ? steps.map(([k, n]) => <Tag key={k}>{`${t(`logs.step.${k}`)} ${n}`}</Tag>) : t("common.none")}
        </Descriptions.Item>
      </Descriptions>
      {report.errors.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t("logs.report.rejected", { n: report.rejected })}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(e) => `${e.row}:${e.message}`}
            dataSource={report.errors}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t("logs.col.row"), dataIndex: "row", width: 80 },
              { title: t("logs.col.reason"), dataIndex: "message" },
            ]}
          />
          {report.errorsOmitted ? <Typography.Text type="secondary">{t("logs.report.omitted", { n: report.errorsOmitted })}</Typography.Text> : null}
        </>
      ) : null}
    </div>
  );
}

type Preview = Extract<NonNullable<ReturnType<typeof useActionData<typeof action>>>, { stage: "preview" }>;

function MappingStep({ preview }: { preview: Preview }) {
  const t = useT();
  const nav = useNavigation();
  const [mapping, setMapping] = useState<Record<string, string | undefined>>({ ...preview.mapping });
  const tabular = preview.format === "csv" || preview.format === "xlsx";
  const missing = tabular && (!mapping.role || !mapping.text);
  return (
    <Card title={t("logs.preview.title", { file: preview.fileName })} style={{ marginBottom: 16 }}>
      <Typography.Paragraph>
        {t("logs.preview.format", { format: t(`logs.format.${preview.format}`), kb: Math.ceil(preview.size / 1024) })}
      </Typography.Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <input type="hidden" name="token" value={preview.token} />
        {tabular ? (
          <>
            <Typography.Paragraph type="secondary">{t("logs.preview.mapHelp")}</Typography.Paragraph>
            <Space wrap style={{ marginBottom: 12 }}>
              {FIELDS.map((f) => (
                <span key={f}>
                  <Typography.Text>{t(`logs.field.${f}`)}：</Typography.Text>
                  <Select
                    aria-label={t(`logs.field.${f}`)}
                    style={{ width: 160 }}
                    allowClear={f === "session" || f === "time"}
                    placeholder={t("logs.preview.none")}
                    value={mapping[f]}
                    onChange={(v: string | undefined) => setMapping((m) => ({ ...m, [f]: v }))}
                    options={preview.headers.map((h) => ({ value: h, label: h }))}
                  />
                  <input type="hidden" name={f} value={mapping[f] ?? ""} />
                </span>
              ))}
            </Space>
            {missing ? <Alert type="warning" showIcon title={t("logs.preview.missing")} style={{ marginBottom: 12 }} /> : null}
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              style={{ marginBottom: 12 }}
              dataSource={preview.rows.map((r) => Object.fromEntries(preview.headers.map((h, i) => [h, r[i] ?? ""])))}
              columns={preview.headers.map((h) => ({ title: h, dataIndex: h, ellipsis: true }))}
            />
          </>
        ) : null}
        <Space wrap style={{ marginBottom: 12 }}>
          {/* The hidden "0" comes first: a checked box's "1" follows it and wins. */}
          <input type="hidden" name="split" value="0" />
          <Checkbox name="split" value="1" defaultChecked>
            {t("logs.clean.split")}
          </Checkbox>
          <Typography.Text>{t("logs.clean.emoji")}：</Typography.Text>
          <Radio.Group name="emoji" defaultValue="remove">
            <Radio value="remove">{t("logs.clean.emoji.remove")}</Radio>
            <Radio value="placeholder">{t("logs.clean.emoji.placeholder")}</Radio>
            <Radio value="keep">{t("logs.clean.emoji.keep")}</Radio>
          </Radio.Group>
          <Typography.Text type="secondary">{t("logs.clean.maskAlways")}</Typography.Text>
        </Space>
        <div>
          <Button type="primary" htmlType="submit" disabled={missing} loading={nav.state === "submitting"}>
            {t("logs.preview.start")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function DeleteBatch({ batch }: { batch: { id: number; fileName: string; turns: number; labels: number } }) {
  const t = useT();
  const submit = useSubmit();
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "delete" && nav.formData?.get("batchId") === String(batch.id);
  return (
    <Popconfirm
      title={t("logs.batches.deleteTitle", { file: batch.fileName })}
      description={t("logs.batches.deleteConfirm", { turns: t.num(batch.turns), labels: t.num(batch.labels) })}
      okText={t("common.delete")}
      okButtonProps={{ danger: true }}
      cancelText={t("common.cancel")}
      onConfirm={() => submit({ intent: "delete", batchId: String(batch.id) }, { method: "post" })}
    >
      <Button type="link" danger size="small" style={{ padding: 0 }} loading={busy} data-testid={`delete-batch-${batch.id}`}>
        {t("common.delete")}
      </Button>
    </Popconfirm>
  );
}

export default function LogsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const navigate = useNavigate();
  // The job lives in state: after it finishes the list revalidates, which drops the action data.
  const [runningJob, setRunningJob] = useState<string | null>(d.job);
  useEffect(() => {
    if (result?.stage === "preview") setRunningJob(null);
    if (result?.stage !== "running") return;
    setRunningJob(result.jobId);
    // Keep the job in the URL so that a reload keeps showing its progress. Not a Remix
    // navigation: that would interrupt the action's revalidation and the first poll.
    const url = new URL(window.location.href);
    if (url.searchParams.get("job") !== result.jobId) {
      url.searchParams.set("job", result.jobId);
      window.history.replaceState(window.history.state, "", url.toString());
    }
  }, [result]);

  const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("logs.title")}</h1>
        <Space wrap>
          <Link to={`/w/${d.slug}/logs/inbox`}>
            <Button icon={<InboxOutlined />}>{t("nav.inbox")}</Button>
          </Link>
          <a href={`/w/${d.slug}/logs/export`} download>
            <Button icon={<DownloadOutlined />}>{t("logs.export")}</Button>
          </a>
          {d.canLabel && d.total > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="replay" />
              <Button htmlType="submit" icon={<ReloadOutlined />} loading={nav.state === "submitting" && nav.formData?.get("intent") === "replay"}>
                {t("logs.replay")}
              </Button>
            </Form>
          ) : null}
        </Space>
      </div>

      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t("logs.accuracy.precision")} value={pct(d.accuracy.precision)} />
            <Typography.Text type="secondary">
              {t("logs.accuracy.precisionHelp", { ok: d.accuracy.answeredCorrect, n: d.accuracy.answeredReviewed })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t("logs.accuracy.coverage")} value={pct(d.accuracy.coverage)} />
            <Typography.Text type="secondary">
              {t("logs.accuracy.coverageHelp", { ok: d.accuracy.unmatchedCovered, n: d.accuracy.unmatchedLabeled })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t("logs.unreplayed")} value={d.unreplayed} />
            <Typography.Text type="secondary">{t("logs.unreplayedHelp")}</Typography.Text>
          </Card>
        </Col>
      </Row>

      {d.canImport ? (
        <Card title={t("logs.import.title")} style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{t("logs.import.help")}</Typography.Paragraph>
          <Form method="post" encType="multipart/form-data">
            <Space wrap>
              <input type="file" name="file" accept=".csv,.tsv,.xlsx,.jsonl,.ndjson,.json,.txt" aria-label={t("logs.import.file")} required />
              <Button
                type="primary"
                htmlType="submit"
                icon={<UploadOutlined />}
                loading={nav.state === "submitting" && nav.formEncType === "multipart/form-data"}
              >
                {t("logs.import.upload")}
              </Button>
              <Typography.Text type="secondary">≤ {d.maxMb} MB</Typography.Text>
            </Space>
          </Form>
        </Card>
      ) : null}
      {result?.stage === "error" ? <Alert type="error" showIcon title={t(result.error, { mb: d.maxMb })} style={{ marginBottom: 16 }} /> : null}
      {result?.stage === "deleted" ? (
        <Alert
          type="success"
          showIcon
          closable
          title={t("logs.batches.deleted", { file: result.fileName, turns: t.num(result.turns), labels: t.num(result.labels) })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {result?.stage === "preview" ? <MappingStep key={result.token} preview={result} /> : null}
      {runningJob ? <JobProgress key={runningJob} slug={d.slug} jobId={runningJob} /> : null}

      <Card title={t("logs.batches.title")}>
        <Table
          rowKey="id"
          size="middle"
          dataSource={d.batches}
          locale={{ emptyText: <Empty description={d.canImport ? t("logs.batches.empty") : t("logs.batches.emptyReadOnly")} /> }}
          pagination={{
            current: d.page,
            pageSize: d.pageSize,
            total: d.total,
            showTotal: (total) => t("common.total", { total: t.num(total) }),
          }}
          onChange={(p) => navigate(`?page=${p.current}&pageSize=${p.pageSize}`)}
          expandable={{ expandedRowRender: (b) => <ReportView report={b} /> }}
          columns={[
            { title: "#", dataIndex: "id", width: 60 },
            {
              title: t("logs.col.file"),
              dataIndex: "fileName",
              render: (_: unknown, b) => (
                <div>
                  <div>{b.fileName}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`logs.format.${b.format}`)}
                    {b.encoding ? ` · ${b.encoding}` : ""}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t("logs.col.when"),
              dataIndex: "createdAt",
              width: 190,
              render: (_: unknown, b) => (
                <div>
                  <div>{t.date(b.createdAt)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {b.createdBy ?? t("logs.cli")}
                  </Typography.Text>
                </div>
              ),
            },
            { title: t("logs.count.read"), dataIndex: "read", width: 80, render: (v: number) => t.num(v) },
            { title: t("logs.count.imported"), dataIndex: "imported", width: 80, render: (v: number) => t.num(v) },
            { title: t("logs.count.duplicates"), dataIndex: "duplicates", width: 80, render: (v: number) => t.num(v) },
            { title: t("logs.count.noise"), dataIndex: "noise", width: 80, render: (v: number) => t.num(v) },
            { title: t("logs.count.rejected"), dataIndex: "rejected", width: 80, render: (v: number) => (v ? <Tag color="red">{t.num(v)}</Tag> : v) },
            { title: t("logs.col.replayed"), dataIndex: "replayed", width: 90, render: (v: number) => t.num(v) },
            {
              title: t("common.actions"),
              width: 200,
              render: (_: unknown, b) => (
                <Space>
                  <Link to={`/w/${d.slug}/logs/inbox?batch=${b.id}`}>{t("logs.batches.label")}</Link>
                  <a href={`/w/${d.slug}/logs/export?batch=${b.id}`} download>
                    {t("logs.batches.export")}
                  </a>
                  {d.canImport && b.status !== "running" ? <DeleteBatch batch={b} /> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {d.canImport ? <NoiseRules patterns={d.noisePatterns} result={result} /> : null}
    </div>
  );
}
