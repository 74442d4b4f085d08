/**
 * 测试集 (issue 11): the QA engineer's home — every suite with its size and its last run, and a
 * form to create one (qa and admins). Runs and cases live on each suite's page.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Empty, Input, InputNumber, Radio, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { z } from "zod";

import { RunRate } from "~/components/suites/RunRate";
import { tablePagination } from "~/components/table-pagination";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";
import { type ErrorParams } from "~/i18n";
import { refusedAsData } from "~/models/errors.server";
import { createSuiteIn, generateCasesInto, suiteOptions, suitesOverview } from "~/models/suites.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

import { DEFAULT_BASELINE_VARIANTS, MAX_BASELINE_VARIANTS } from "../../training/suites/limits";

export const meta: MetaFunction = () => [{ title: "测试集 · KB Studio" }];

const PAGE_SIZE = 20;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  const page = Math.max(1, Number(new URL(request.url).searchParams.get("page")) || 1);
  const [list, options] = await Promise.all([suitesOverview(ctx.workspace.id, page, PAGE_SIZE), suiteOptions(ctx.workspace.id)]);
  return {
    suites: options,
    slug: ctx.workspace.slug,
    role: ctx.role,
    canWrite: can(ctx.role, "writeSuites"),
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    rows: list.rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      cases: r.cases,
      turns: r.turns,
      lastRun: r.lastRun
        ? { id: r.lastRun.id, status: r.lastRun.status, cases: r.lastRun.cases, casesPassed: r.lastRun.casesPassed, createdAt: r.lastRun.createdAt }
        : null,
    })),
  };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().max(200), description: z.string().max(500).default("") }),
  z.object({
    intent: z.literal("generate"),
    from: z.enum(["kb", "labels"]),
    // Empty: a new suite (or the existing one) of that name.
    suiteId: z.coerce.number().int().nonnegative().default(0),
    name: z.string().max(200).default(""),
    variants: z.coerce.number().int().min(0).max(MAX_BASELINE_VARIANTS).default(DEFAULT_BASELINE_VARIANTS),
  }),
]);

export const action = (args: ActionFunctionArgs) =>
  refusedAsData(async () => {
    const ctx = await requireWorkspace(args.request, args.params.slug, "writeSuites");
    const parsed = ActionSchema.safeParse(Object.fromEntries(await args.request.formData()));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    const p = parsed.data;
    if (p.intent === "generate") {
      const r = await generateCasesInto({
        workspaceId: ctx.workspace.id,
        suiteId: p.suiteId || null,
        suiteName: p.name,
        from: p.from,
        variants: p.variants,
        userId: ctx.user.id,
      });
      return { ok: true as const, generated: r };
    }
    const id = await createSuiteIn({ workspaceId: ctx.workspace.id, name: p.name, description: p.description, userId: ctx.user.id });
    return redirect(`/w/${ctx.workspace.slug}/suites/${id}`);
  });

type GenerateAnswer = {
  ok: boolean;
  generated?: { suiteId: number; suiteName: string; cases: number; created: number; replaced: number; removed: number; skipped: number };
  error?: { code: string; params: ErrorParams };
};

/** 生成用例: from the knowledge base (N variants per FAQ) or the inbox labels, into a chosen or new suite. */
function GenerateCard({ slug, suites }: { slug: string; suites: { id: number; name: string }[] }) {
  const t = useT();
  const f = useFetcher<GenerateAnswer>();
  const [from, setFrom] = useState<"kb" | "labels">("kb");
  const [suiteId, setSuiteId] = useState(0);
  const [name, setName] = useState<string | null>(null);
  const [variants, setVariants] = useState<number>(DEFAULT_BASELINE_VARIANTS);
  const shownName = name ?? (from === "kb" ? t("suites.generate.kbName") : t("suites.generate.labelsName"));
  const g = f.data?.generated;
  return (
    <Card size="small" title={t("suites.generate.title")}>
      <Typography.Paragraph type="secondary">{from === "kb" ? t("suites.generate.kbHelp") : t("suites.generate.labelsHelp")}</Typography.Paragraph>
      <f.Form method="post">
        <input type="hidden" name="intent" value="generate" />
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="suiteId" value={suiteId} />
        <input type="hidden" name="variants" value={variants} />
        <Space wrap>
          <Radio.Group
            aria-label={t("suites.generate.from")}
            value={from}
            onChange={(e) => setFrom(e.target.value as "kb" | "labels")}
            optionType="button"
            options={[
              { value: "kb", label: t("suites.generate.fromKb") },
              { value: "labels", label: t("suites.generate.fromLabels") },
            ]}
          />
          <Select
            aria-label={t("suites.generate.into")}
            style={{ width: 200 }}
            value={suiteId}
            onChange={setSuiteId}
            options={[{ value: 0, label: t("suites.generate.newSuite") }, ...suites.map((s) => ({ value: s.id, label: s.name }))]}
          />
          {suiteId === 0 && (
            <Input
              name="name"
              aria-label={t("suites.generate.newName")}
              value={shownName}
              onChange={(e) => setName(e.target.value)}
              maxLength={60}
              required
              style={{ width: 180 }}
            />
          )}
          {from === "kb" && (
            <Space size={4}>
              <Typography.Text>{t("suites.generate.variants")}</Typography.Text>
              <InputNumber
                aria-label={t("suites.generate.variants")}
                min={0}
                max={MAX_BASELINE_VARIANTS}
                precision={0}
                value={variants}
                onChange={(v) => setVariants(v ?? 0)}
                style={{ width: 80 }}
              />
            </Space>
          )}
          <Button type="primary" htmlType="submit" loading={f.state !== "idle"} data-testid="suite-generate">
            {t("suites.generate.submit")}
          </Button>
        </Space>
      </f.Form>
      {g && (
        <Alert
          style={{ marginTop: 8 }}
          type="success"
          showIcon
          message={t("suites.generate.done", { ...g, name: g.suiteName })}
          action={<Link to={`/w/${slug}/suites/${g.suiteId}`}>{t("suites.generate.open")}</Link>}
        />
      )}
      {f.data?.error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={t.error(f.data.error.code, f.data.error.params)} />}
    </Card>
  );
}

export default function SuitesPage() {
  const d = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  const go = useSearchParamsNav();
  const error = res && "error" in res ? res.error : null;
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("suites.title")}</h1>
        <Space>
          <Link to={`/w/${d.slug}/suites/targets`}>
            <Button data-testid="suite-targets">{t("suites.targets.open")}</Button>
          </Link>
          <Link to={`/w/${d.slug}/suites/coverage`}>
            <Button data-testid="suite-coverage">{t("suites.coverage.open")}</Button>
          </Link>
        </Space>
      </div>
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t("suites.intro")}
        </Typography.Paragraph>
        {d.canWrite ? (
          <Card size="small" title={t("suites.create")}>
            <Form method="post">
              <input type="hidden" name="intent" value="create" />
              <Space wrap>
                <Input name="name" aria-label={t("suites.name")} placeholder={t("suites.name")} maxLength={60} required style={{ width: 240 }} />
                <Input name="description" aria-label={t("suites.description")} placeholder={t("suites.description")} maxLength={500} style={{ width: 360 }} />
                <Button type="primary" htmlType="submit" loading={nav.state === "submitting"} data-testid="suite-create">
                  {t("suites.create")}
                </Button>
              </Space>
            </Form>
            {error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={t.error(error.code, error.params)} />}
          </Card>
        ) : (
          <Alert type="info" showIcon message={t("suites.readOnly", { role: t(`role.${d.role}`) })} />
        )}
        {d.canWrite && <GenerateCard slug={d.slug} suites={d.suites} />}
        <Card size="small">
          <Table
            size="small"
            rowKey="id"
            dataSource={d.rows}
            locale={{ emptyText: <Empty description={t("suites.empty")} /> }}
            pagination={tablePagination(
              t,
              { page: d.page, pageSize: d.pageSize, total: d.total },
              { hideOnSinglePage: true, onChange: (page) => go({ page }) },
            )}
            columns={[
              {
                title: t("suites.col.name"),
                dataIndex: "name",
                render: (name: string, r) => (
                  <Space direction="vertical" size={0}>
                    <Link to={`/w/${d.slug}/suites/${r.id}`}>{name}</Link>
                    {r.description && <Typography.Text type="secondary">{r.description}</Typography.Text>}
                  </Space>
                ),
              },
              { title: t("suites.col.cases"), dataIndex: "cases", width: 100 },
              { title: t("suites.col.turns"), dataIndex: "turns", width: 100 },
              {
                title: t("suites.col.lastRate"),
                key: "rate",
                width: 160,
                render: (_: unknown, r) =>
                  r.lastRun ? (
                    <Link to={`/w/${d.slug}/suites/${r.id}/runs/${r.lastRun.id}`}>
                      <RunRate run={r.lastRun} />
                    </Link>
                  ) : (
                    <Typography.Text type="secondary">{t("suites.never")}</Typography.Text>
                  ),
              },
              { title: t("suites.col.lastRun"), key: "when", width: 170, render: (_: unknown, r) => (r.lastRun ? t.date(r.lastRun.createdAt) : "—") },
            ]}
          />
        </Card>
      </Space>
    </div>
  );
}
