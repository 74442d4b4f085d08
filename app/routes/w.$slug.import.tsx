import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Checkbox, Result, Space, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { z } from "zod";

import { ImportApplyForm, ImportIssuesTable, ImportReportStats, ImportRowsTable, issueRows } from "~/components/import/ImportPreview";
import { NearPackMerge } from "~/components/import/NearPackMerge";
import { useT } from "~/i18n";
import { applyFaqImport, MAX_FAQ_IMPORT_BYTES, planFaqImport } from "~/models/faq.server";
import { dropUpload, readUpload, readUploadedFile, stashUpload } from "~/models/uploads.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "导入导出 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  return { slug: ctx.workspace.slug, canImport: can(ctx.role, "importKnowledge"), maxMb: MAX_FAQ_IMPORT_BYTES / 1024 / 1024 };
}

const ApplySchema = z.object({
  intent: z.literal("apply"),
  token: z.string(),
  createCategories: z.enum(["0", "1"]),
  /** Rows to merge into their near pack question, "3,17". */
  merge: z
    .string()
    .max(20_000)
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
});

function summarize(plan: Awaited<ReturnType<typeof planFaqImport>>) {
  return {
    fileName: plan.fileName,
    encoding: plan.encoding ?? "xlsx",
    sheet: plan.sheet ?? null,
    fatal: plan.fatal,
    report: plan.report,
    newCategories: plan.newCategories,
    issues: issueRows(plan.issues),
    notices: issueRows(plan.notices),
    rows: plan.rows.slice(0, 500).map((r) => ({
      row: r.row,
      status: r.status,
      question: r.question,
      category: r.category,
      variantCount: r.variantCount,
      clears: r.clears ?? [],
      mergedInto: r.mergedInto?.question ?? null,
    })),
    /** New rows close to a pack question, each offered a one-click merge. */
    nearPack: plan.rows.flatMap((r) => (r.nearPack && !r.mergedInto ? [{ row: r.row, rowQuestion: r.question, ...r.nearPack }] : [])),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "importKnowledge");
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const upload = await readUploadedFile(request, MAX_FAQ_IMPORT_BYTES);
    if (!upload.ok) return data({ stage: "error" as const, error: upload.error }, { status: upload.status });
    const { form, file } = upload;
    const createCategories = form.get("createCategories") === "1";
    const plan = await planFaqImport({ workspaceId: ctx.workspace.id, fileName: file.fileName, data: file.bytes, createCategories });
    const token = await stashUpload(ctx.workspace.id, file.fileName, file.bytes);
    return { stage: "preview" as const, token, createCategories, plan: summarize(plan) };
  }
  const parsed = ApplySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ stage: "error" as const, error: "import.expired" }, { status: 400 });
  const upload = await readUpload(ctx.workspace.id, parsed.data.token);
  if (!upload) return data({ stage: "error" as const, error: "import.expired" }, { status: 400 });
  // Planned again against the database as it is now: what is written is what this plan says.
  const plan = await planFaqImport({
    workspaceId: ctx.workspace.id,
    fileName: upload.fileName,
    data: upload.bytes,
    createCategories: parsed.data.createCategories === "1",
    merge: parsed.data.merge,
  });
  const report = await applyFaqImport({ workspaceId: ctx.workspace.id, userId: ctx.user.id, plan });
  await dropUpload(ctx.workspace.id, parsed.data.token);
  return { stage: "done" as const, report, plan: summarize(plan) };
}

export default function ImportPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const busy = nav.state === "submitting";
  const plan = result && "plan" in result ? result.plan : null;
  const toWrite = plan ? plan.report.created + plan.report.updated : 0;
  // The rows the trainer merges into their pack question; a new preview starts with none.
  const [merge, setMerge] = useState<Set<number>>(new Set());
  const token = result?.stage === "preview" ? result.token : null;
  useEffect(() => setMerge(new Set()), [token]);
  // Near rows are notices too; the merge table shows them with their switch instead.
  // A merged row's phrasings stay with the pack question they were going to leave.
  const mergedInto = new Map((plan?.nearPack ?? []).filter((n) => merge.has(n.row)).map((n) => [n.row, n.faqId]));
  const notices = plan
    ? plan.notices.filter((n) => n.code !== "IMPORT_NEAR_PACK_QUESTION" && !(mergedInto.has(n.row) && mergedInto.get(n.row) === n.params.faqId))
    : [];

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("import.title")}</h1>
        <Space>
          <a href={`/w/${data.slug}/faqs/export?format=xlsx`} download>
            <Button icon={<DownloadOutlined />}>{t("export.xlsx")}</Button>
          </a>
          <a href={`/w/${data.slug}/faqs/export?format=csv`} download>
            <Button icon={<DownloadOutlined />}>{t("export.csv")}</Button>
          </a>
        </Space>
      </div>
      {data.canImport ? (
        <Card style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{t("import.help")}</Typography.Paragraph>
          <Form method="post" encType="multipart/form-data">
            <Space wrap>
              <input type="file" name="file" accept=".csv,.xlsx" aria-label={t("import.file")} required />
              <Checkbox name="createCategories" value="1">
                {t("import.createCategories")}
              </Checkbox>
              <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={busy}>
                {t("import.preview")}
              </Button>
              <Typography.Text type="secondary">≤ {data.maxMb} MB</Typography.Text>
            </Space>
          </Form>
        </Card>
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("error.forbidden.body")} />
      )}
      {result?.stage === "error" ? <Alert type="error" showIcon title={t(result.error, { mb: data.maxMb })} style={{ marginBottom: 16 }} /> : null}
      {result?.stage === "done" ? <Result status={result.report.rejected ? "warning" : "success"} title={t("import.done", result.report)} /> : null}
      {plan ? (
        <Card
          title={
            plan.sheet
              ? t("import.previewTitleSheet", { file: plan.fileName, sheet: plan.sheet })
              : t("import.previewTitle", { file: plan.fileName, encoding: plan.encoding })
          }
        >
          <ImportReportStats report={plan.report} gutter={16} />
          {result?.stage === "preview" ? (
            <ImportApplyForm
              token={result.token}
              fields={{ createCategories: result.createCategories ? "1" : "0", merge: [...merge].join(",") }}
              disabled={plan.fatal || toWrite === 0}
              busy={busy}
            >
              {toWrite ? (merge.size ? t("import.applyMerging", { n: toWrite, m: merge.size }) : t("import.apply", { n: toWrite })) : t("import.nothing")}
            </ImportApplyForm>
          ) : null}
          <Typography.Title level={5}>{plan.issues.length ? t("import.problems", { n: plan.issues.length }) : t("import.noProblems")}</Typography.Title>
          {plan.issues.length ? <ImportIssuesTable issues={plan.issues} pageSize={20} marginBottom={16} /> : null}
          {result?.stage === "preview" && plan.nearPack.length ? <NearPackMerge rows={plan.nearPack} merge={merge} onChange={setMerge} /> : null}
          {notices.length ? (
            <>
              <Typography.Title level={5}>{t("import.notices", { n: notices.length })}</Typography.Title>
              <ImportIssuesTable issues={notices} pageSize={20} marginBottom={16} />
            </>
          ) : null}
          <ImportRowsTable
            rows={plan.rows}
            pageSize={20}
            columns={[
              { title: t("faq.col.category"), dataIndex: "category", width: 120 },
              {
                title: t("faq.col.question"),
                key: "question",
                render: (_: unknown, r: (typeof plan.rows)[number]) =>
                  r.mergedInto ? (
                    <span>
                      {r.question} <Tag color="purple">{t("import.nearPack.into", { question: r.mergedInto })}</Tag>
                    </span>
                  ) : (
                    r.question
                  ),
              },
              { title: t("faq.col.variants"), dataIndex: "variantCount", width: 100 },
              {
                title: t("import.col.clears"),
                key: "clears",
                width: 220,
                render: (_: unknown, r: (typeof plan.rows)[number]) =>
                  r.clears.map((c) => (
                    <Tag key={c.field} color="orange">
                      {t(`import.clears.${c.field}`, { n: c.count })}
                    </Tag>
                  )),
              },
            ]}
          />
        </Card>
      ) : null}
    </div>
  );
}
