/**
 * 导入用例 (issue 11 "Authoring"): a CSV / XLSX (one row per turn) or YAML file is previewed first —
 * cases new and replaced, turns, and every row error in a table — and written only on confirm, and
 * only when no row is bad. The upload step is the FAQ import's (uploads.server.ts: size limit,
 * the file stashed under its hash so that confirm writes exactly what was previewed).
 */
import { ArrowLeftOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Col, Result, Row, Space, Statistic, Table, Tag, Typography } from "antd";
import { z } from "zod";

import { ImportApplyForm, ImportIssuesTable, issueRows } from "~/components/import/ImportPreview";
import { ImportUploadForm } from "~/components/import/ImportUploadForm";
import { TagList } from "~/components/suites/TagList";
import { useT } from "~/i18n";
import { applySuiteCasesImport, findSuite, MAX_SUITE_IMPORT_BYTES, planSuiteCasesImport, type SuiteImportPlan } from "~/models/suites.server";
import { dropUpload, readUpload, readUploadedFile, stashUpload } from "~/models/uploads.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "导入用例 · KB Studio" }];

function suiteIdOf(raw: string | undefined) {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

async function requireSuitePage(request: Request, slug: string | undefined, rawId: string | undefined) {
  const ctx = await requireWorkspace(request, slug, "writeSuites");
  const suite = await findSuite(ctx.workspace.id, suiteIdOf(rawId));
  if (!suite) throw new Response("Not found", { status: 404 });
  return { ctx, suite };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, suite } = await requireSuitePage(request, params.slug, params.suiteId);
  return { slug: ctx.workspace.slug, suite: { id: suite.id, name: suite.name }, maxMb: MAX_SUITE_IMPORT_BYTES / 1024 / 1024 };
}

const ApplySchema = z.object({ intent: z.literal("apply"), token: z.string() });

/** What the preview shows: the counts, the errors and the cases (never the whole plan). */
function summarize(plan: SuiteImportPlan) {
  const replacing = new Set(plan.replacing);
  return {
    fileName: plan.fileName,
    report: plan.report,
    issues: issueRows(plan.issues),
    cases: plan.cases.slice(0, 500).map((c) => ({
      name: c.name,
      tags: c.tags,
      turns: c.turns.length,
      first: c.turns[0]?.text ?? "",
      replaces: replacing.has(c.name),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, suite } = await requireSuitePage(request, params.slug, params.suiteId);
  const workspaceId = ctx.workspace.id;
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const upload = await readUploadedFile(request, MAX_SUITE_IMPORT_BYTES);
    if (!upload.ok) return data({ stage: "error" as const, error: upload.error }, { status: upload.status });
    const { file } = upload;
    const plan = await planSuiteCasesImport({ workspaceId, suiteId: suite.id, fileName: file.fileName, data: file.bytes });
    // Only a clean file is kept for confirming: a file with errors can never be written.
    const token = plan.issues.length ? null : await stashUpload(workspaceId, file.fileName, file.bytes);
    return { stage: "preview" as const, token, plan: summarize(plan) };
  }
  const parsed = ApplySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ stage: "error" as const, error: "import.expired" }, { status: 400 });
  const upload = await readUpload(workspaceId, parsed.data.token);
  if (!upload) return data({ stage: "error" as const, error: "import.expired" }, { status: 400 });
  // Planned again against the suite as it is now: what is written is what this plan says.
  const plan = await planSuiteCasesImport({ workspaceId, suiteId: suite.id, fileName: upload.fileName, data: upload.bytes });
  if (plan.issues.length) return { stage: "preview" as const, token: null, plan: summarize(plan) };
  const report = await applySuiteCasesImport({ workspaceId, suiteId: suite.id, plan });
  await dropUpload(workspaceId, parsed.data.token);
  return { stage: "done" as const, report };
}

export default function SuiteImportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const busy = nav.state === "submitting";
  const plan = result?.stage === "preview" ? result.plan : null;
  const back = `/w/${d.slug}/suites/${d.suite.id}`;
  return (
    <div>
      <div className="kb-page-head">
        <h1>
          <Link to={`/w/${d.slug}/suites`}>{t("suites.title")}</Link> / <Link to={back}>{d.suite.name}</Link> / {t("suites.import.title")}
        </h1>
        <Link to={back}>
          <Button icon={<ArrowLeftOutlined />}>{t("suites.import.back")}</Button>
        </Link>
      </div>
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Card size="small">
          <Typography.Paragraph>{t("suites.import.help")}</Typography.Paragraph>
          <ImportUploadForm
            accept=".csv,.xlsx,.yaml,.yml"
            fileLabel={t("import.file")}
            maxMb={d.maxMb}
            busy={busy}
            submit={t("import.preview")}
            testId="suite-import-preview"
          />
        </Card>
        {result?.stage === "error" && <Alert type="error" showIcon message={t(result.error, { mb: d.maxMb })} />}
        {result?.stage === "done" && (
          <Result
            status="success"
            title={t("suites.import.done", {
              cases: result.report.cases,
              created: result.report.created,
              replaced: result.report.replaced,
              turns: result.report.turns,
            })}
            extra={
              <Link to={back}>
                <Button type="primary">{t("suites.import.back")}</Button>
              </Link>
            }
          />
        )}
        {plan && (
          <Card size="small" title={t("suites.import.previewTitle", { file: plan.fileName })}>
            <Row gutter={24} style={{ marginBottom: 16 }}>
              <Col>
                <Statistic title={t("suites.import.cases")} value={plan.report.cases} />
              </Col>
              <Col>
                <Statistic title={t("suites.import.created")} value={plan.report.created} />
              </Col>
              <Col>
                <Statistic title={t("suites.import.replaced")} value={plan.report.replaced} />
              </Col>
              <Col>
                <Statistic title={t("suites.import.turns")} value={plan.report.turns} />
              </Col>
              <Col>
                <Statistic title={t("suites.import.errors")} value={plan.issues.length} valueStyle={plan.issues.length ? { color: "#cf1322" } : undefined} />
              </Col>
            </Row>
            {plan.issues.length ? (
              <>
                <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t("suites.import.blocked", { n: plan.issues.length })} />
                <ImportIssuesTable issues={plan.issues} pageSize={20} marginBottom={16} />
              </>
            ) : (
              result?.stage === "preview" &&
              result.token && (
                <ImportApplyForm token={result.token} busy={busy} testId="suite-import-apply">
                  {t("suites.import.apply", { n: plan.report.cases })}
                </ImportApplyForm>
              )
            )}
            {plan.cases.length > 0 && (
              <Table
                size="small"
                rowKey="name"
                dataSource={plan.cases}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  {
                    title: t("import.col.status"),
                    dataIndex: "replaces",
                    width: 90,
                    render: (r: boolean) => <Tag color={r ? "blue" : "green"}>{r ? t("suites.import.replace") : t("suites.import.new")}</Tag>,
                  },
                  { title: t("suites.col.case"), dataIndex: "name" },
                  {
                    title: t("suites.case.tags"),
                    dataIndex: "tags",
                    width: 180,
                    render: (tags: string[]) => <TagList tags={tags} />,
                  },
                  { title: t("suites.col.turnCount"), dataIndex: "turns", width: 70 },
                  { title: t("suites.import.firstTurn"), dataIndex: "first" },
                ]}
              />
            )}
          </Card>
        )}
      </Space>
    </div>
  );
}
