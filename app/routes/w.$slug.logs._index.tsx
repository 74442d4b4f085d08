import { DownloadOutlined, InboxOutlined, ReloadOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { z } from "zod";

import { ImportUploadForm } from "~/components/import/ImportUploadForm";
import { AccuracyCards } from "~/components/logs/AccuracyCards";
import { BatchTable } from "~/components/logs/BatchTable";
import { JobProgress } from "~/components/logs/JobProgress";
import { FIELDS, MappingStep } from "~/components/logs/MappingStep";
import { NoiseRules } from "~/components/logs/NoiseRules";
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
import { dropUpload, readUpload, readUploadedFile, stashUpload } from "~/models/uploads.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

import { KbError } from "../../training/errors";

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
    const upload = await readUploadedFile(request, MAX_LOG_FILE_BYTES, "logs.import");
    if (!upload.ok) return data({ stage: "error" as const, error: upload.error }, { status: upload.status });
    const { file } = upload;
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

export default function LogsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
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

      <AccuracyCards d={d} />

      {d.canImport ? (
        <Card title={t("logs.import.title")} style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{t("logs.import.help")}</Typography.Paragraph>
          <ImportUploadForm
            accept=".csv,.tsv,.xlsx,.jsonl,.ndjson,.json,.txt"
            fileLabel={t("logs.import.file")}
            maxMb={d.maxMb}
            busy={nav.state === "submitting" && nav.formEncType === "multipart/form-data"}
            submit={t("logs.import.upload")}
          />
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

      <BatchTable d={d} />
      {d.canImport ? <NoiseRules patterns={d.noisePatterns} result={result} /> : null}
    </div>
  );
}
