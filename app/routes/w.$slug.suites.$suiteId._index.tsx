/**
 * One test suite (issue 11): its cases (searched, filtered by tag, paged), the case editor in a
 * drawer, duplicate and delete, the run card with live progress and cancel, and its recent runs.
 * qa and admins write cases; trainers, qa and admins run; everyone reads.
 */
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Alert, Button, Popconfirm, Space, Typography } from "antd";
import { useState } from "react";
import { z } from "zod";

import { blankCase, CaseEditor, type EditableCase } from "~/components/suites/CaseEditor";
import { RunCard } from "~/components/suites/RunCard";
import { type SuiteCaseRow, SuiteCaseTable } from "~/components/suites/SuiteCaseTable";
import { SuiteRunsTable } from "~/components/suites/SuiteRunsTable";
import { jsonFormField } from "~/form-json";
import { useT } from "~/i18n";
import { refusedAsData } from "~/models/errors.server";
import { storedTargetConfig, suiteTargetsOf } from "~/models/suite-targets.server";
import {
  cancelSuiteRun,
  deleteSuiteCase,
  deleteSuiteIn,
  duplicateSuiteCase,
  findSuite,
  httpTargetFromForm,
  saveSuiteCase,
  startSuiteRun,
  suiteCasesPage,
} from "~/models/suites.server";
import { versionsList } from "~/models/versions.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

import type { TurnExpect } from "../../training/suites/check";

export const meta: MetaFunction = () => [{ title: "测试集 · KB Studio" }];

const PAGE_SIZE = 20;

function suiteIdOf(raw: string | undefined) {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  const suite = await findSuite(ctx.workspace.id, suiteIdOf(params.suiteId));
  if (!suite) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const tag = url.searchParams.get("tag") ?? "";
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const [list, versions, targets] = await Promise.all([
    suiteCasesPage({ workspaceId: ctx.workspace.id, suiteId: suite.id, q, tag: tag || undefined, page, pageSize: PAGE_SIZE }),
    versionsList(ctx.workspace.id, 1, 20),
    suiteTargetsOf(ctx.workspace.id),
  ]);
  const published = versions.rows[0]?.number ?? null;
  const active = list.runs.find((r) => (r.status === "queued" || r.status === "running") && r.jobId);
  return {
    slug: ctx.workspace.slug,
    role: ctx.role,
    suite: { id: suite.id, name: suite.name, description: suite.description },
    canWrite: can(ctx.role, "writeSuites"),
    canRun: can(ctx.role, "runSuites"),
    published,
    targets: targets.map((x) => ({ id: x.id, name: x.name, label: x.label })),
    /** Earlier published versions a run can answer from (the newest is 已发布版本). */
    olderVersions: versions.rows.slice(1).map((v) => v.number),
    q,
    tag,
    ...list,
    pageSize: PAGE_SIZE,
    runs: list.runs.map((r) => ({
      id: r.id,
      status: r.status,
      version: r.version,
      cases: r.cases,
      casesPassed: r.casesPassed,
      durationMs: r.durationMs,
      createdAt: r.createdAt,
    })),
    active: active ? { jobId: active.jobId!, runId: active.id } : null,
  };
}

const TurnSchema = z.object({ text: z.string().max(2000), expect: z.record(z.string(), z.unknown()).default({}) });
const CaseSchema = z.object({
  id: z.number().int().positive().nullable().optional(),
  name: z.string().max(500),
  tags: z.array(z.string().max(100)).max(50).default([]),
  note: z.string().max(2000).default(""),
  turns: z.array(TurnSchema).max(100),
});
const Intent = z.enum(["saveCase", "deleteCase", "duplicateCase", "deleteSuite", "run", "cancel"]);

async function change({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = Intent.safeParse(form.get("intent"));
  if (!intent.success) {
    // Who asks is checked before what is asked: a stranger learns nothing from a bad intent.
    await requireWorkspace(request, params.slug, "readSuites");
    throw new Response("Bad request", { status: 400 });
  }
  const writes = intent.data !== "run" && intent.data !== "cancel";
  const ctx = await requireWorkspace(request, params.slug, writes ? "writeSuites" : "runSuites");
  const workspaceId = ctx.workspace.id;
  const suite = await findSuite(workspaceId, suiteIdOf(params.suiteId));
  if (!suite) throw new Response("Not found", { status: 404 });
  const caseId = Number(form.get("caseId"));
  switch (intent.data) {
    case "saveCase": {
      const { id, ...input } = jsonFormField(form, "case", CaseSchema);
      const saved = await saveSuiteCase({
        workspaceId,
        suiteId: suite.id,
        caseId: id ?? null,
        input: { ...input, turns: input.turns.map((t) => ({ text: t.text, expect: t.expect as TurnExpect })) },
      });
      return { ok: true as const, intent: intent.data, caseId: saved };
    }
    case "deleteCase":
      await deleteSuiteCase({ workspaceId, suiteId: suite.id, caseId });
      return { ok: true as const, intent: intent.data };
    case "duplicateCase":
      return { ok: true as const, intent: intent.data, caseId: await duplicateSuiteCase({ workspaceId, suiteId: suite.id, caseId }) };
    case "deleteSuite":
      await deleteSuiteIn(workspaceId, suite.id);
      return redirect(`/w/${ctx.workspace.slug}/suites`);
    case "run": {
      const v = form.get("version");
      const target =
        v === "http"
          ? httpTargetFromForm({
              url: String(form.get("url") ?? ""),
              headers: String(form.get("headers") ?? ""),
              timeoutSeconds: String(form.get("timeout") ?? ""),
            })
          : undefined;
      const stored = v === "target" ? await storedTargetConfig(workspaceId, Number(form.get("targetId"))) : undefined;
      const version = v === "published" ? "published" : typeof v === "string" && /^\d{1,9}$/.test(v) ? v : "draft";
      const r = await startSuiteRun({ workspaceId, suiteId: suite.id, version, target: target ?? stored, userId: ctx.user.id });
      return { ok: true as const, intent: intent.data, ...r };
    }
    case "cancel":
      await cancelSuiteRun(workspaceId, Number(form.get("runId")));
      return { ok: true as const, intent: intent.data };
  }
}

export const action = (args: ActionFunctionArgs) => refusedAsData(() => change(args));

export default function SuitePage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const [editing, setEditing] = useState<EditableCase | null>(null);
  const remove = useFetcher();
  const edit = (r: SuiteCaseRow) =>
    setEditing({ id: r.id, name: r.name, tags: r.tags, note: r.note, turns: r.turns.map((x) => ({ text: x.text, expect: x.expect })) });
  return (
    <div>
      <div className="kb-page-head">
        <h1>
          <Link to={`/w/${d.slug}/suites`}>{t("suites.title")}</Link> / {d.suite.name}
        </h1>
        <Space>
          <a href={`/w/${d.slug}/suites/${d.suite.id}/export?format=xlsx`} download>
            <Button icon={<DownloadOutlined />}>{t("suites.export.xlsx")}</Button>
          </a>
          <a href={`/w/${d.slug}/suites/${d.suite.id}/export?format=csv`} download>
            <Button icon={<DownloadOutlined />}>{t("suites.export.csv")}</Button>
          </a>
          <a href={`/w/${d.slug}/suites/${d.suite.id}/export?format=yaml`} download>
            <Button icon={<DownloadOutlined />}>{t("suites.export.yaml")}</Button>
          </a>
          {d.canWrite && (
            <>
              <Link to={`/w/${d.slug}/suites/${d.suite.id}/import`}>
                <Button icon={<UploadOutlined />} data-testid="suite-import">
                  {t("suites.import.open")}
                </Button>
              </Link>
              <Button type="primary" onClick={() => setEditing(blankCase())} data-testid="case-new">
                {t("suites.case.new")}
              </Button>
              <Popconfirm
                title={t("suites.delete.confirm", { name: d.suite.name })}
                onConfirm={() => remove.submit({ intent: "deleteSuite" }, { method: "post" })}
              >
                <Button danger>{t("common.delete")}</Button>
              </Popconfirm>
            </>
          )}
        </Space>
      </div>
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        {d.suite.description && (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {d.suite.description}
          </Typography.Paragraph>
        )}
        {!d.canWrite && <Alert type="info" showIcon message={t("suites.readOnly", { role: t(`role.${d.role}`) })} />}
        <RunCard
          key={d.active?.jobId ?? "idle"}
          slug={d.slug}
          suiteId={d.suite.id}
          canRun={d.canRun}
          hasCases={d.allCases > 0}
          published={d.published}
          targets={d.targets}
          olderVersions={d.olderVersions}
          active={d.active}
        />
        <SuiteCaseTable
          rows={d.rows}
          allCases={d.allCases}
          tags={d.tags}
          q={d.q}
          page={d.page}
          pageSize={d.pageSize}
          total={d.total}
          canWrite={d.canWrite}
          onEdit={edit}
        />
        <SuiteRunsTable slug={d.slug} suiteId={d.suite.id} runs={d.runs} />
      </Space>
      {editing && <CaseEditor slug={d.slug} open initial={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
