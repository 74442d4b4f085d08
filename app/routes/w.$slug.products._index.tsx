/**
 * 商品知识库 (issue 16): the catalogue with search, category filter and server paging, a product's
 * attributes and size chart in a drawer (?product=商品ID), and the catalogue import with a preview
 * (trainers and admins) — planned, then written in one transaction.
 */
import { DownloadOutlined, MessageOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, Descriptions, Drawer, Empty, Input, Result, Select, Space, Table, Tag, Typography } from "antd";
import { z } from "zod";

import { ImportApplyForm, ImportIssuesTable, ImportReportStats, ImportRowsTable, issueRows } from "~/components/import/ImportPreview";
import { ImportUploadForm } from "~/components/import/ImportUploadForm";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { applyProductImport, listProducts, MAX_PRODUCT_IMPORT_BYTES, planProductImport, productCategories, productFacts } from "~/models/products.server";
import { dropUpload, readUpload, readUploadedFile, stashUpload } from "~/models/uploads.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "商品知识库 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const category = url.searchParams.get("category") ?? "";
  const page = Number(url.searchParams.get("page") ?? 1) || 1;
  const selected = url.searchParams.get("product");
  const [list, categories, detail] = await Promise.all([
    listProducts({ workspaceId: ctx.workspace.id, q, category: category || undefined, page, pageSize: 20 }),
    productCategories(ctx.workspace.id),
    selected ? productFacts(ctx.workspace.id, selected) : null,
  ]);
  return {
    slug: ctx.workspace.slug,
    canImport: can(ctx.role, "importKnowledge"),
    q,
    category,
    list,
    categories,
    detail,
    maxMb: MAX_PRODUCT_IMPORT_BYTES / 1024 / 1024,
  };
}

function summarize(plan: Awaited<ReturnType<typeof planProductImport>>) {
  return {
    fileName: plan.fileName,
    fatal: plan.fatal,
    report: plan.report,
    attributeColumns: plan.attributeColumns,
    issues: issueRows(plan.issues.slice(0, 500)),
    rows: plan.rows.slice(0, 500).map((r) => ({ row: r.row, status: r.status, externalId: r.externalId, title: r.title, attributeCount: r.attributeCount })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "importKnowledge");
  const type = request.headers.get("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const upload = await readUploadedFile(request, MAX_PRODUCT_IMPORT_BYTES);
    if (!upload.ok) return data({ stage: "error" as const, error: upload.error }, { status: upload.status });
    const { file } = upload;
    const plan = await planProductImport({ workspaceId: ctx.workspace.id, fileName: file.fileName, data: file.bytes });
    const token = await stashUpload(ctx.workspace.id, file.fileName, file.bytes);
    return { stage: "preview" as const, token, plan: summarize(plan) };
  }
  const parsed = z.object({ intent: z.literal("apply"), token: z.string().min(1).max(200) }).safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ stage: "error" as const, error: "import.expired" }, { status: 400 });
  const upload = await readUpload(ctx.workspace.id, parsed.data.token);
  if (!upload) return data({ stage: "error" as const, error: "import.expired" }, { status: 400 });
  // Planned again against the catalogue as it is now: what is written is what this plan says.
  const plan = await planProductImport({ workspaceId: ctx.workspace.id, fileName: upload.fileName, data: upload.bytes });
  const report = await applyProductImport({ workspaceId: ctx.workspace.id, userId: ctx.user.id, plan });
  await dropUpload(ctx.workspace.id, parsed.data.token);
  return { stage: "done" as const, report, plan: summarize(plan) };
}

function range(lo: number | null, hi: number | null, unit: string, k = 1) {
  if (lo === null && hi === null) return "—";
  const f = (n: number) => String(Math.round(n * k * 10) / 10);
  return lo === null ? `≤ ${f(hi!)}${unit}` : hi === null ? `≥ ${f(lo)}${unit}` : `${f(lo)}–${f(hi)}${unit}`;
}

export default function ProductsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const go = useSearchParamsNav();
  const [params, setParams] = useSearchParams();
  const busy = nav.state === "submitting";
  const plan = result && "plan" in result ? result.plan : null;
  const toWrite = plan ? plan.report.created + plan.report.updated : 0;
  const filtered = !!(d.q || d.category);
  const closeDetail = () => {
    const next = new URLSearchParams(params);
    next.delete("product");
    setParams(next, { preventScrollReset: true });
  };

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("products.title")}</h1>
        <Space>
          <a href={`/w/${d.slug}/products/export?format=xlsx`} download>
            <Button icon={<DownloadOutlined />}>{t("products.export.xlsx")}</Button>
          </a>
          <a href={`/w/${d.slug}/products/export?format=csv`} download>
            <Button icon={<DownloadOutlined />}>{t("products.export.csv")}</Button>
          </a>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t("products.intro")}</Typography.Paragraph>
      {d.canImport ? (
        <Card size="small" title={t("products.import")} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t("products.importHelp")}</Typography.Paragraph>
          <ImportUploadForm accept=".csv,.xlsx" fileLabel={t("import.file")} maxMb={d.maxMb} busy={busy} submit={t("import.preview")} />
        </Card>
      ) : null}
      {result?.stage === "error" ? <Alert type="error" showIcon title={t(result.error, { mb: d.maxMb })} style={{ marginBottom: 16 }} /> : null}
      {result?.stage === "done" ? <Result status={result.report.rejected ? "warning" : "success"} title={t("products.done", result.report)} /> : null}
      {plan && result?.stage === "preview" ? (
        <Card title={t("products.previewTitle", { file: plan.fileName })} style={{ marginBottom: 16 }} data-testid="product-preview">
          <ImportReportStats report={plan.report} gutter={40} />
          {plan.attributeColumns.length ? (
            <Typography.Paragraph type="secondary">{t("products.attributeColumns", { cols: plan.attributeColumns.join("、") })}</Typography.Paragraph>
          ) : null}
          <ImportApplyForm token={result.token} disabled={plan.fatal || toWrite === 0} busy={busy}>
            {toWrite ? t("products.apply", { n: toWrite }) : t("products.nothing")}
          </ImportApplyForm>
          {plan.issues.length ? <ImportIssuesTable issues={plan.issues} pageSize={10} marginBottom={12} /> : null}
          <ImportRowsTable
            rows={plan.rows}
            pageSize={10}
            columns={[
              { title: t("products.col.id"), dataIndex: "externalId", width: 160 },
              { title: t("products.col.title"), dataIndex: "title" },
              { title: t("products.col.attributes"), dataIndex: "attributeCount", width: 80 },
            ]}
          />
        </Card>
      ) : null}
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            defaultValue={d.q}
            placeholder={t("products.search")}
            aria-label={t("products.search")}
            style={{ width: 280 }}
            onSearch={(v) => go({ q: v.trim() })}
            maxLength={100}
          />
          <Select
            style={{ width: 160 }}
            value={d.category}
            aria-label={t("products.col.category")}
            onChange={(v) => go({ category: v })}
            options={[{ value: "", label: t("products.allCategories") }, ...d.categories.map((c) => ({ value: c, label: c }))]}
          />
          <Typography.Text type="secondary">{t("products.total", { n: d.list.total })}</Typography.Text>
        </Space>
        <Table
          size="middle"
          rowKey="externalId"
          dataSource={d.list.rows}
          locale={{ emptyText: <Empty description={filtered ? t("products.emptySearch") : t("products.empty")} /> }}
          pagination={{ current: d.list.page, pageSize: d.list.pageSize, total: d.list.total, showSizeChanger: false, onChange: (page) => go({ page }) }}
          onRow={(r) => ({ onClick: () => go({ product: r.externalId, page: d.list.page }), style: { cursor: "pointer" } })}
          columns={[
            { title: t("products.col.id"), dataIndex: "externalId", width: 150 },
            {
              title: t("products.col.title"),
              dataIndex: "title",
              render: (title: string, r) => (
                <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), product: r.externalId })}`} onClick={(e) => e.stopPropagation()}>
                  {title}
                </Link>
              ),
            },
            { title: t("products.col.category"), dataIndex: "category", width: 110 },
            { title: t("products.col.price"), dataIndex: "priceBand", width: 110 },
            { title: t("products.col.attributes"), dataIndex: "attributeCount", width: 80 },
            {
              title: t("products.col.sizeChart"),
              dataIndex: "sizeRows",
              width: 90,
              render: (n: number) => (n ? t("products.rows", { n }) : <Typography.Text type="secondary">{t("products.none")}</Typography.Text>),
            },
            {
              title: t("products.col.onSale"),
              dataIndex: "onSale",
              width: 90,
              render: (v: boolean) => (v ? <Tag color="green">{t("products.onSale")}</Tag> : <Tag>{t("products.offSale")}</Tag>),
            },
          ]}
        />
      </Card>
      <Drawer open={!!d.detail} onClose={closeDetail} size={560} title={d.detail?.title ?? t("products.detail")} destroyOnHidden>
        {d.detail ? (
          <div data-testid="product-detail">
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t("products.col.id")}>{d.detail.externalId}</Descriptions.Item>
              <Descriptions.Item label={t("products.col.category")}>{d.detail.category || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("products.col.price")}>{d.detail.priceBand || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("products.col.onSale")}>{d.detail.onSale ? t("products.onSale") : t("products.offSale")}</Descriptions.Item>
              {/^https?:\/\//.test(d.detail.link) ? (
                <Descriptions.Item label={t("products.link")}>
                  <a href={d.detail.link} target="_blank" rel="noreferrer noopener">
                    {d.detail.link}
                  </a>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <Typography.Title level={5}>{t("products.attributes")}</Typography.Title>
            {d.detail.attributes.length ? (
              <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
                {d.detail.attributes.map((a) => (
                  <Descriptions.Item key={a.key} label={a.key}>
                    {a.value}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : (
              <Typography.Paragraph type="secondary">{t("products.noAttributes")}</Typography.Paragraph>
            )}
            <Typography.Title level={5}>{t("products.sizeChart")}</Typography.Title>
            {d.detail.sizeChart.length ? (
              <Table
                size="small"
                rowKey="size"
                pagination={false}
                dataSource={d.detail.sizeChart}
                style={{ marginBottom: 16 }}
                columns={[
                  { title: t("products.size"), dataIndex: "size", width: 80 },
                  { title: t("products.height"), key: "h", render: (_: unknown, r) => range(r.heightMin, r.heightMax, "cm") },
                  { title: t("products.weight"), key: "w", render: (_: unknown, r) => range(r.weightMin, r.weightMax, "斤", 2) },
                ]}
              />
            ) : (
              <Typography.Paragraph type="secondary">{t("products.noSizeChart")}</Typography.Paragraph>
            )}
            <Link to={`/w/${d.slug}/simulator?product=${encodeURIComponent(d.detail.externalId)}`}>
              <Button icon={<MessageOutlined />}>{t("products.askInSimulator")}</Button>
            </Link>
          </div>
        ) : null}
      </Drawer>
    </div>
  );
}
