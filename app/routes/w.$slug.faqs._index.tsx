import { DownloadOutlined, PlusOutlined, UploadOutlined } from "@ant-design/icons";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import type { InputRef } from "antd";
import { Alert, Badge, Button, Empty, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useRef } from "react";
import { z } from "zod";

import { useHotkeys } from "~/components/hotkeys";
import { tablePagination } from "~/components/table-pagination";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { listCategories, listFaqs } from "~/models/faq.server";
import { onboardingState } from "~/models/packs.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "知识库 · KB Studio" }];

const QuerySchema = z.object({
  q: z.string().max(200).optional().default(""),
  category: z.coerce.number().int().positive().optional().catch(undefined),
  enabled: z.enum(["1", "0"]).optional().catch(undefined),
  page: z.coerce.number().int().positive().optional().catch(1),
  pageSize: z.coerce.number().int().min(5).max(100).optional().catch(20),
  sort: z.enum(["updated", "question", "variants"]).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [list, categories] = await Promise.all([
    listFaqs({
      workspaceId: ctx.workspace.id,
      q: query.q,
      categoryId: query.category,
      enabled: query.enabled === undefined ? undefined : query.enabled === "1",
      page: query.page,
      pageSize: query.pageSize,
      sort: query.sort,
    }),
    listCategories(ctx.workspace.id),
  ]);
  const needsOnboarding = can(ctx.role, "managePacks") && (await onboardingState(ctx.workspace.id)).needsOnboarding;
  return {
    slug: ctx.workspace.slug,
    canEdit: can(ctx.role, "editKnowledge"),
    needsOnboarding,
    query,
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    rows: list.rows.map((r) => ({
      id: r.id,
      question: r.question,
      answer: r.answer.length > 80 ? `${r.answer.slice(0, 80)}…` : r.answer,
      categoryName: r.categoryName,
      variantCount: r.variantCount,
      enabled: r.enabled,
      updatedAt: r.updatedAt,
      updatedBy: r.updatedBy,
    })),
    categories: categories.map((c) => ({ id: c.id, name: c.name, faqCount: c.faqCount })),
  };
}

export default function FaqList() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  const nav = useNavigation();
  const searchRef = useRef<InputRef>(null);
  useHotkeys({ "/": () => searchRef.current?.focus(), n: () => data.canEdit && navigate("new") });

  const go = useSearchParamsNav();

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("faq.list.title")}</h1>
        <Space>
          {data.canEdit ? (
            <Link to="new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t("faq.list.new")}
              </Button>
            </Link>
          ) : null}
          {data.canEdit ? (
            <Link to="../import">
              <Button icon={<UploadOutlined />}>{t("faq.list.import")}</Button>
            </Link>
          ) : null}
          <a href={`/w/${data.slug}/faqs/export?format=xlsx`} download>
            <Button icon={<DownloadOutlined />}>{t("faq.list.export")}</Button>
          </a>
        </Space>
      </div>
      {data.needsOnboarding ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("packs.onboarding.banner")}
          action={
            <Link to="../onboarding">
              <Button type="primary">{t("packs.onboarding.bannerAction")}</Button>
            </Link>
          }
        />
      ) : null}
      <div className="kb-toolbar">
        <Form method="get" style={{ display: "contents" }}>
          {data.query.category ? <input type="hidden" name="category" value={data.query.category} /> : null}
          {data.query.enabled ? <input type="hidden" name="enabled" value={data.query.enabled} /> : null}
          <Input.Search
            ref={searchRef}
            name="q"
            defaultValue={data.query.q}
            placeholder={t("faq.list.searchPlaceholder")}
            allowClear
            enterButton={t("common.search")}
            style={{ width: 420 }}
            aria-label={t("common.search")}
            onSearch={(v) => go({ q: v })}
          />
        </Form>
        <Select
          aria-label={t("faq.list.category")}
          style={{ width: 180 }}
          value={data.query.category ?? 0}
          onChange={(v) => go({ category: v || undefined })}
          options={[
            { value: 0, label: t("common.labelValue", { label: t("faq.list.category"), value: t("common.all") }) },
            ...data.categories.map((c) => ({ value: c.id, label: `${c.name} (${c.faqCount})` })),
          ]}
        />
        <Select
          aria-label={t("faq.list.status")}
          style={{ width: 140 }}
          value={data.query.enabled ?? ""}
          onChange={(v) => go({ enabled: v || undefined })}
          options={[
            { value: "", label: t("common.labelValue", { label: t("faq.list.status"), value: t("common.all") }) },
            { value: "1", label: t("faq.list.enabled") },
            { value: "0", label: t("faq.list.disabled") },
          ]}
        />
      </div>
      <Table
        rowKey="id"
        size="middle"
        loading={nav.state === "loading" && nav.location?.pathname === undefined}
        dataSource={data.rows}
        locale={{
          emptyText: <Empty description={data.query.q ? t("faq.list.emptySearch", { q: data.query.q }) : t("faq.list.empty")} />,
        }}
        pagination={tablePagination(t, { page: data.page, pageSize: data.pageSize, total: data.total }, { sizes: [20, 50, 100] })}
        onChange={(p, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const sort = s?.order ? (s.field === "variantCount" ? "variants" : s.field === "question" ? "question" : undefined) : undefined;
          go({ page: p.current, pageSize: p.pageSize, sort });
        }}
        columns={[
          {
            title: t("faq.col.question"),
            dataIndex: "question",
            sorter: true,
            sortOrder: data.query.sort === "question" ? "ascend" : null,
            render: (_: unknown, r) => (
              <div>
                <Link to={`${r.id}`} prefetch="intent">
                  {r.question}
                </Link>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.answer}
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          { title: t("faq.col.category"), dataIndex: "categoryName", width: 120, render: (v: string) => <Tag>{v}</Tag> },
          {
            title: t("faq.col.variants"),
            dataIndex: "variantCount",
            width: 110,
            sorter: true,
            sortOrder: data.query.sort === "variants" ? "descend" : null,
            render: (v: number) => t.num(v),
          },
          {
            title: t("faq.col.enabled"),
            dataIndex: "enabled",
            width: 100,
            render: (v: boolean) => <Badge status={v ? "success" : "default"} text={v ? t("faq.list.enabled") : t("faq.list.disabled")} />,
          },
          {
            title: t("faq.col.updated"),
            dataIndex: "updatedAt",
            width: 200,
            render: (_: unknown, r) => (
              <div>
                <div>{t.date(r.updatedAt)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.updatedBy ?? ""}
                </Typography.Text>
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
