import { DeleteOutlined, UserAddOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { Alert, Button, Card, Input, Popconfirm, Select, Space, Table } from "antd";
import { useState } from "react";
import { z } from "zod";

import { useT } from "~/i18n";
import { invariantResponse } from "~/invariant";
import { refusedAsData } from "~/models/errors.server";
import { createUser, getMembership, getUserByEmail, listMembers, removeMembership, setMembership } from "~/models/workspace.server";
import { ALL_ROLES, type Role } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "成员管理 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "manageMembers");
  const members = await listMembers(ctx.workspace.id);
  return { me: ctx.user.id, members: members.map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role })) };
}

const RoleSchema = z.enum(["admin", "trainer", "qa", "manager"]);
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    email: z.string().trim(),
    name: z.string().trim().max(50).optional().default(""),
    role: RoleSchema,
    password: z.string().optional().default(""),
  }),
  z.object({ intent: z.literal("role"), userId: z.coerce.number().int(), role: RoleSchema }),
  z.object({ intent: z.literal("remove"), userId: z.coerce.number().int() }),
]);

// LAST_ADMIN: the rule lives in db/queries/workspaces.ts, worded in training/errors.ts.
export const action = (args: ActionFunctionArgs) => refusedAsData(() => change(args));

async function change({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "manageMembers");
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, error: "members.invalidEmail" }, { status: 400 });
  const a = parsed.data;
  const ws = ctx.workspace.id;
  if (a.intent === "add") {
    if (!z.email().safeParse(a.email).success) return data({ ok: false as const, error: "members.invalidEmail" }, { status: 400 });
    let user = await getUserByEmail(a.email);
    if (!user) {
      if (a.password.length < 8) return data({ ok: false as const, error: "members.needPassword" }, { status: 400 });
      const created = await createUser({ email: a.email, password: a.password, name: a.name });
      user = (await getUserByEmail(created.email))!;
    }
    await setMembership({ userId: user.id, workspaceId: ws, role: a.role, actorId: ctx.user.id });
    return { ok: true as const, notice: "members.added" };
  }
  const target = await getMembership(a.userId, ws);
  invariantResponse(target);
  if (a.intent === "role") {
    await setMembership({ userId: a.userId, workspaceId: ws, role: a.role, actorId: ctx.user.id });
    return { ok: true as const, notice: "members.updated" };
  }
  await removeMembership({ userId: a.userId, workspaceId: ws, actorId: ctx.user.id });
  return { ok: true as const, notice: "members.removed" };
}

export default function MembersPage() {
  const { members } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const t = useT();
  const [role, setRole] = useState<Role>("trainer");
  const roleOptions = ALL_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("members.title")}</h1>
      </div>
      {result ? (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={result.ok ? "success" : "error"}
          title={result.ok ? t(result.notice) : typeof result.error === "string" ? t(result.error) : t.error(result.error.code, result.error.params)}
        />
      ) : null}
      <Card size="small" title={t("members.add")} style={{ marginBottom: 16 }}>
        <Form method="post">
          <input type="hidden" name="intent" value="add" />
          <input type="hidden" name="role" value={role} />
          <Space wrap>
            <Input name="email" type="email" placeholder={t("members.email")} required style={{ width: 220 }} aria-label={t("members.email")} />
            <Input name="name" placeholder={t("members.name")} style={{ width: 140 }} aria-label={t("members.name")} />
            <Select aria-label={t("members.role")} value={role} onChange={setRole} options={roleOptions} style={{ width: 120 }} />
            <Input.Password
              name="password"
              placeholder={t("members.password")}
              style={{ width: 280 }}
              autoComplete="new-password"
              aria-label={t("members.password")}
            />
            <Button type="primary" htmlType="submit" icon={<UserAddOutlined />}>
              {t("members.add")}
            </Button>
          </Space>
        </Form>
      </Card>
      <Table
        rowKey="userId"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        dataSource={members}
        columns={[
          { title: t("members.email"), dataIndex: "email" },
          { title: t("members.name"), dataIndex: "name" },
          {
            title: t("members.role"),
            dataIndex: "role",
            width: 160,
            render: (r: Role, m) => (
              <Select
                aria-label={`${t("members.role")} ${m.email}`}
                value={r}
                options={roleOptions}
                style={{ width: 120 }}
                onChange={(v) => submit({ intent: "role", userId: String(m.userId), role: v }, { method: "post" })}
              />
            ),
          },
          {
            title: t("common.actions"),
            key: "a",
            width: 100,
            render: (_: unknown, m) => (
              <Popconfirm
                title={t("members.removeConfirm", { email: m.email })}
                onConfirm={() => submit({ intent: "remove", userId: String(m.userId) }, { method: "post" })}
              >
                <Button danger size="small" icon={<DeleteOutlined />}>
                  {t("members.remove")}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </div>
  );
}
