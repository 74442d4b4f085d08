import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Input, Popconfirm, Space, Table, Typography } from "antd";
import { z } from "zod";

import { useT } from "~/i18n";
import { invariantResponse } from "~/invariant";
import { createCategory, deleteCategory, KbError, listCategories, moveCategory, renameCategory } from "~/models/faq.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "分类管理 · KB Studio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const cats = await listCategories(ctx.workspace.id);
  return { slug: ctx.workspace.slug, canEdit: can(ctx.role, "editKnowledge"), categories: cats.map((c) => ({ id: c.id, name: c.name, faqCount: c.faqCount })) };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string() }),
  z.object({ intent: z.literal("rename"), id: z.coerce.number().int(), name: z.string() }),
  z.object({ intent: z.literal("move"), id: z.coerce.number().int(), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("delete"), id: z.coerce.number().int() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "editKnowledge");
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const base = { workspaceId: ctx.workspace.id, userId: ctx.user.id };
  const a = parsed.data;
  try {
    if (a.intent === "create") await createCategory({ ...base, name: a.name });
    else if (a.intent === "rename") {
      invariantResponse(await renameCategory({ ...base, id: a.id, name: a.name }));
    } else if (a.intent === "move") await moveCategory({ ...base, id: a.id, direction: a.direction });
    else invariantResponse(await deleteCategory({ ...base, id: a.id }));
  } catch (e) {
    if (e instanceof KbError) return data({ ok: false as const, error: { code: e.code, params: e.params }, intent: a.intent }, { status: 400 });
    throw e;
  }
  return { ok: true as const };
}

export default function CategoriesPage() {
  const { slug, canEdit, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const t = useT();
  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("category.title")}</h1>
      </div>
      <Typography.Paragraph type="secondary">{t("category.help")}</Typography.Paragraph>
      {result && !result.ok ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t.error(result.error.code, result.error.params)} /> : null}
      {canEdit ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form method="post" key={nav.state === "idle" && result?.ok ? "reset" : "form"}>
            <input type="hidden" name="intent" value="create" />
            <Space.Compact>
              <Input name="name" placeholder={t("category.name")} maxLength={30} style={{ width: 240 }} aria-label={t("category.name")} required />
              <Button type="primary" htmlType="submit" icon={<PlusOutlined />}>
                {t("category.add")}
              </Button>
            </Space.Compact>
          </Form>
        </Card>
      ) : null}
      <Table
        rowKey="id"
        pagination={false}
        dataSource={categories}
        columns={[
          {
            title: t("category.name"),
            dataIndex: "name",
            render: (name: string, c) =>
              canEdit ? (
                <Form method="post" key={`${c.id}-${name}`}>
                  <input type="hidden" name="intent" value="rename" />
                  <input type="hidden" name="id" value={c.id} />
                  <Space.Compact>
                    <Input name="name" defaultValue={name} maxLength={30} style={{ width: 220 }} aria-label={`${t("category.rename")} ${name}`} />
                    <Button htmlType="submit">{t("category.rename")}</Button>
                  </Space.Compact>
                </Form>
              ) : (
                name
              ),
          },
          {
            title: t("category.count"),
            dataIndex: "faqCount",
            width: 120,
            render: (n: number, c) => <Link to={`/w/${slug}/faqs?category=${c.id}`}>{t.num(n)}</Link>,
          },
          ...(canEdit
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  width: 220,
                  render: (_: unknown, c: { id: number; name: string }, i: number) => (
                    <Space>
                      {(["up", "down"] as const).map((d) => (
                        <Form method="post" key={d}>
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="id" value={c.id} />
                          <input type="hidden" name="direction" value={d} />
                          <Button
                            size="small"
                            htmlType="submit"
                            icon={d === "up" ? <ArrowUpOutlined /> : <ArrowDownOutlined />}
                            disabled={d === "up" ? i === 0 : i === categories.length - 1}
                            aria-label={t(`category.${d}`)}
                          />
                        </Form>
                      ))}
                      <Form method="post" id={`del-cat-${c.id}`}>
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="id" value={c.id} />
                      </Form>
                      <Popconfirm title={t("common.delete")} onConfirm={() => (document.getElementById(`del-cat-${c.id}`) as HTMLFormElement).requestSubmit()}>
                        <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("common.delete")} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
