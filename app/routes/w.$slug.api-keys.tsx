import { KeyOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { Alert, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { z } from "zod";

import { UnpublishedNotice } from "~/components/versions/UnpublishedNotice";
import { useT } from "~/i18n";
import { invariantResponse } from "~/invariant";
import { createApiKey, listApiKeys, revokeApiKey } from "~/models/api-keys.server";
import { publishedNumber } from "~/models/versions.server";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "API 密钥 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "manageSettings");
  const keys = await listApiKeys(ctx.workspace.id);
  const published = await publishedNumber(ctx.workspace.id);
  return { origin: new URL(request.url).origin, keys, slug: ctx.workspace.slug, published };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().trim().min(1).max(50) }),
  z.object({ intent: z.literal("revoke"), id: z.coerce.number().int() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "manageSettings");
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, key: null }, { status: 400 });
  if (parsed.data.intent === "create") {
    const r = await createApiKey({ workspaceId: ctx.workspace.id, name: parsed.data.name, userId: ctx.user.id });
    return { ok: true as const, key: r.key };
  }
  invariantResponse(await revokeApiKey({ workspaceId: ctx.workspace.id, id: parsed.data.id, userId: ctx.user.id }));
  return { ok: true as const, key: null };
}

export default function ApiKeysPage() {
  const { keys, origin, slug, published } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const t = useT();
  const example = `curl -X POST ${origin}/api/v1/bot/reply \\\n  -H "Authorization: Bearer ${result?.key ?? "kbs_…"}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"sessionId": "buyer-001", "text": "什么时候发货"}'`;
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("bot.keys.title")}</h1>
      </div>
      {published === null && <UnpublishedNotice slug={slug} />}
      <Typography.Paragraph type="secondary">{t("bot.keys.help")}</Typography.Paragraph>
      {result?.key ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("bot.keys.created")}
          description={
            <Typography.Paragraph copyable={{ text: result.key }} style={{ marginBottom: 0 }}>
              <code data-testid="new-api-key">{result.key}</code>
            </Typography.Paragraph>
          }
        />
      ) : null}
      {result && !result.ok ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t("bot.keys.nameRequired")} /> : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form method="post">
          <input type="hidden" name="intent" value="create" />
          <Space.Compact>
            <Input name="name" placeholder={t("bot.keys.name")} maxLength={50} required style={{ width: 260 }} aria-label={t("bot.keys.name")} />
            <Button type="primary" htmlType="submit" icon={<KeyOutlined />}>
              {t("bot.keys.create")}
            </Button>
          </Space.Compact>
        </Form>
      </Card>
      <Table
        rowKey="id"
        dataSource={keys}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t("bot.keys.empty") }}
        columns={[
          { title: t("bot.keys.name"), dataIndex: "name" },
          { title: t("bot.keys.prefix"), dataIndex: "prefix", render: (p: string) => <code>{p}…</code> },
          { title: t("bot.keys.createdAt"), dataIndex: "createdAt", render: (v: number) => t.date(v) },
          { title: t("bot.keys.lastUsed"), dataIndex: "lastUsedAt", render: (v: number | null) => (v ? t.date(v) : "—") },
          {
            title: t("faq.col.enabled"),
            dataIndex: "revokedAt",
            render: (v: number | null) => (v ? <Tag>{t("bot.keys.revoked")}</Tag> : <Tag color="green">{t("bot.keys.active")}</Tag>),
          },
          {
            title: t("common.actions"),
            key: "a",
            render: (_: unknown, k) =>
              k.revokedAt ? null : (
                <Popconfirm title={t("bot.keys.revokeConfirm")} onConfirm={() => submit({ intent: "revoke", id: String(k.id) }, { method: "post" })}>
                  <Button danger size="small">
                    {t("bot.keys.revoke")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Card size="small" title={t("bot.keys.example")} style={{ marginTop: 16 }}>
        <pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>{example}</pre>
        <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
          {t("bot.keys.openapi")}{" "}
          <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
            /api/v1/openapi.json
          </a>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
