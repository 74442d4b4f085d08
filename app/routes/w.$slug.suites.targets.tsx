/**
 * 外部机器人 (issue 11 "Targets"): the external bots a suite can run against, set up once by QA —
 * address, request template, reply paths, decision words — and picked by name in the 运行 card and
 * by `suite:run --target NAME`. Header values name the server's environment variables (shown set
 * or not set here); the studio stores no secret. Everyone who reads suites sees the list; qa and
 * admins create, edit, try and delete.
 */
import { PlusOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Button, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { z } from "zod";

import { PageHead } from "~/components/page/PageHead";
import { type EditableTarget, TargetEditor } from "~/components/suites/TargetEditor";
import { jsonFormField } from "~/form-json";
import { useT } from "~/i18n";
import { refusedAsData } from "~/models/errors.server";
import { deleteSuiteTarget, NEW_TARGET_FORM, saveSuiteTarget, suiteTargetsOf, type TargetForm, tryTarget } from "~/models/suite-targets.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "外部机器人 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readSuites");
  return {
    slug: ctx.workspace.slug,
    canWrite: can(ctx.role, "writeSuites"),
    targets: await suiteTargetsOf(ctx.workspace.id),
    blank: NEW_TARGET_FORM,
  };
}

const short = z.string().max(2000).default("");
const FormSchema = z.object({
  name: z.string().max(200).default(""),
  url: short,
  headers: short,
  body: z.string().max(4000).default(""),
  decisionMap: short,
  timeout: z.string().max(20).default(""),
  paths: z.record(z.string(), z.string().max(200)).default({}),
});

const targetOf = (form: FormData) => jsonFormField(form, "target", FormSchema) as TargetForm;

const Intent = z.enum(["save", "delete", "try"]);

async function change({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = Intent.safeParse(form.get("intent"));
  if (!intent.success) {
    // Who asks is checked before what is asked: a stranger learns nothing from a bad intent.
    await requireWorkspace(request, params.slug, "readSuites");
    throw new Response("Bad request", { status: 400 });
  }
  // Trying sends a request from the server: the same right as setting the target up.
  const ctx = await requireWorkspace(request, params.slug, "writeSuites");
  const workspaceId = ctx.workspace.id;
  switch (intent.data) {
    case "save": {
      const id = Number(form.get("id")) || null;
      return { ok: true as const, intent: intent.data, id: await saveSuiteTarget({ workspaceId, userId: ctx.user.id, id, form: targetOf(form) }) };
    }
    case "delete":
      await deleteSuiteTarget({ workspaceId, userId: ctx.user.id, id: Number(form.get("id")) });
      return { ok: true as const, intent: intent.data };
    case "try": {
      const text = String(form.get("text") ?? "").trim();
      if (!text || text.length > 200) throw new Response("Bad request", { status: 400 });
      return { ok: true as const, intent: intent.data, ...(await tryTarget(targetOf(form), text)) };
    }
  }
}

export const action = (args: ActionFunctionArgs) => refusedAsData(() => change(args));

type Row = Awaited<ReturnType<typeof loader>>["targets"][number];

export default function SuiteTargetsPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const remove = useFetcher();
  const [editing, setEditing] = useState<EditableTarget | null>(null);
  return (
    <div>
      <PageHead back={`/w/${d.slug}/suites`} title={t("suites.targets.title")}>
        {d.canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ id: null, form: d.blank })} data-testid="target-new">
            {t("suites.targets.new")}
          </Button>
        )}
      </PageHead>
      <Typography.Paragraph type="secondary">{t("suites.targets.intro")}</Typography.Paragraph>
      <Table<Row>
        rowKey="id"
        size="middle"
        dataSource={d.targets}
        pagination={false}
        locale={{ emptyText: <Empty description={d.canWrite ? t("suites.targets.empty") : t("suites.targets.emptyRead")} /> }}
        columns={[
          { title: t("suites.targets.name"), dataIndex: "name", width: 200, render: (name: string) => <strong>{name}</strong> },
          { title: t("suites.run.httpUrl"), dataIndex: "label", render: (label: string) => <Typography.Text code>{label}</Typography.Text> },
          {
            title: t("suites.targets.env"),
            key: "env",
            width: 260,
            render: (_: unknown, r) =>
              r.env.length ? (
                <Space size={4} wrap>
                  {r.env.map((e) => (
                    <Tooltip key={e.name} title={e.set ? t("suites.targets.envSet") : t("suites.targets.envMissing")}>
                      <Tag color={e.set ? "green" : "red"}>{`${e.set ? "✓" : "✗"} ${e.name}`}</Tag>
                    </Tooltip>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t("suites.targets.noEnv")}</Typography.Text>
              ),
          },
          { title: t("suites.targets.updated"), dataIndex: "updatedAt", width: 170, render: (ms: number) => t.date(ms) },
          ...(d.canWrite
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  width: 150,
                  render: (_: unknown, r: Row) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing({ id: r.id, form: r.form })}>
                        {t("common.edit")}
                      </Button>
                      <Popconfirm
                        title={t("suites.targets.deleteConfirm", { name: r.name })}
                        onConfirm={() => remove.submit({ intent: "delete", id: String(r.id) }, { method: "post" })}
                      >
                        <Button size="small" danger>
                          {t("common.delete")}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <TargetEditor open initial={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
