import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Alert, Card, Select, Space, Tag, Typography } from "antd";

import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { DiffView } from "~/components/versions/DiffView";
import { ImpactCard, type ImpactView } from "~/components/versions/ImpactCard";
import { PublishCard } from "~/components/versions/PublishCard";
import { VersionTable } from "~/components/versions/VersionTable";
import { useT } from "~/i18n";
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
  // One end of the comparison: its label, then the version picker that sets ?a= or ?b=.
  const refSelect = (param: "a" | "b", label: string, value: "draft" | number) => (
    <>
      {label}
      <Select size="small" style={{ width: 200 }} value={String(value)} options={options} aria-label={label} onChange={(v) => go({ [param]: v })} />
    </>
  );
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
        <PublishCard slug={d.slug} roleMayPublish={d.roleMayPublish} mayPublish={d.mayPublish} isAdmin={d.isAdmin} gate={d.gate} />
        <ImpactCard slug={d.slug} last={d.impact as { finishedAt: number | null; result: ImpactView } | null} canRun={d.canPreview} published={d.published} />
        <Card
          size="small"
          title={t("versions.diff")}
          extra={
            d.diff && (
              <Space>
                {refSelect("a", t("versions.diff.from"), d.diff.a)}
                {refSelect("b", t("versions.diff.to"), d.diff.b)}
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
        <VersionTable versions={d.versions} page={d.page} pageSize={d.pageSize} total={d.total} published={d.published} mayPublish={d.mayPublish} onGo={go} />
      </Space>
    </div>
  );
}
