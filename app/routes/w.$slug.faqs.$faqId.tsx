import { DeleteOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert, Button, Card, Col, Popconfirm, Row, Space, Table, Tag, Typography } from "antd";
import { z } from "zod";

import { auditEntryView } from "~/components/audit/audit-view";
import { AuditChange } from "~/components/audit/AuditEntry";
import { FaqForm } from "~/components/FaqForm";
import { PageHead } from "~/components/page/PageHead";
import { useT } from "~/i18n";
import { invariantResponse, requireId } from "~/invariant";
import { deleteFaq, faqHistory, getFaq, listCategories, MAX_RELATED, setFaqEnabled } from "~/models/faq.server";
import { handleFaqSave } from "~/models/faq-form.server";
import { nearDuplicatesOf } from "~/models/near-duplicates.server";
import { packFaqInfo } from "~/models/packs.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.faq.question ?? "问题"} · KB Studio` }];

function faqIdOf(params: { faqId?: string }) {
  const id = requireId(params.faqId);
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const id = faqIdOf(params);
  const faq = await getFaq({ workspaceId: ctx.workspace.id, id });
  invariantResponse(faq);
  const [categories, history, near, pack] = await Promise.all([
    listCategories(ctx.workspace.id),
    faqHistory(ctx.workspace.id, id),
    nearDuplicatesOf(ctx.workspace.id, faq),
    packFaqInfo(ctx.workspace.id, id),
  ]);
  // Pack FAQs: the form edits only the merchant's own variants; the pack's are shown read-only.
  const packVariants = new Set(pack?.packVariants ?? []);
  return {
    slug: ctx.workspace.slug,
    role: ctx.role,
    canEdit: can(ctx.role, "editKnowledge"),
    maxRelated: MAX_RELATED,
    faq: {
      id: faq.id,
      question: faq.question,
      answer: faq.answer,
      categoryId: faq.categoryId,
      categoryName: faq.categoryName,
      variants: faq.variants.filter((v) => !packVariants.has(v)),
      keywords: faq.keywords,
      related: faq.related,
      enabled: faq.enabled,
      updatedAt: faq.updatedAt,
      updatedBy: faq.updatedByName,
    },
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    pack: pack ? { name: pack.packName, variants: pack.packVariants, template: pack.template, missing: pack.missing } : null,
    near,
    history: history.rows.map(auditEntryView),
  };
}

const IntentSchema = z.enum(["save", "delete", "enable", "disable"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "editKnowledge");
  const id = faqIdOf(params);
  const form = await request.formData();
  const intent = IntentSchema.safeParse(form.get("intent"));
  if (!intent.success) throw new Response("Bad intent", { status: 400 });
  const exists = await getFaq({ workspaceId: ctx.workspace.id, id });
  invariantResponse(exists);
  switch (intent.data) {
    case "save":
      return handleFaqSave(ctx, form, id);
    case "delete":
      await deleteFaq({ workspaceId: ctx.workspace.id, id, userId: ctx.user.id });
      throw redirect(`/w/${ctx.workspace.slug}/faqs`);
    case "enable":
    case "disable":
      await setFaqEnabled({ workspaceId: ctx.workspace.id, id, enabled: intent.data === "enable", userId: ctx.user.id });
      throw redirect(`/w/${ctx.workspace.slug}/faqs/${id}?saved=updated`);
  }
}

export default function FaqPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const saved = params.get("saved");
  const blank = Number(params.get("blank") ?? 0);
  const dup = params.get("dup")?.split("\n").filter(Boolean) ?? [];
  const { faq } = data;
  return (
    <div>
      <PageHead
        back={`/w/${data.slug}/faqs`}
        title={
          <>
            {data.canEdit ? t("faq.edit.title") : t("faq.view.title")} <Typography.Text type="secondary">#{faq.id}</Typography.Text>{" "}
            {faq.enabled ? <Tag color="green">{t("faq.list.enabled")}</Tag> : <Tag>{t("faq.list.disabled")}</Tag>}
          </>
        }
      >
        {data.canEdit ? (
          <Space>
            <Form method="post">
              <input type="hidden" name="intent" value={faq.enabled ? "disable" : "enable"} />
              <Button htmlType="submit">{faq.enabled ? t("faq.disable") : t("faq.enable")}</Button>
            </Form>
            <Form method="post" id="delete-faq">
              <input type="hidden" name="intent" value="delete" />
            </Form>
            <Popconfirm
              title={t("faq.delete.confirm")}
              okText={t("common.delete")}
              cancelText={t("common.cancel")}
              onConfirm={() => (document.getElementById("delete-faq") as HTMLFormElement | null)?.requestSubmit()}
            >
              <Button danger icon={<DeleteOutlined />}>
                {t("common.delete")}
              </Button>
            </Popconfirm>
          </Space>
        ) : null}
      </PageHead>
      {saved && !result ? (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={saved === "created" ? t("faq.created") : saved === "unchanged" ? t("faq.unchanged") : t("faq.saved")}
          description={
            blank || dup.length ? (
              <div>
                {t("faq.notice.dropped", { blank, dup: dup.length })}
                {dup.length ? <div>{t("faq.notice.droppedList", { list: dup.join("、") })}</div> : null}
              </div>
            ) : undefined
          }
        />
      ) : null}
      {!data.canEdit ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("common.readOnly", { role: t(`role.${data.role}`) })} /> : null}
      {data.near.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("faq.near.title")}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {data.near.map((n) => (
                <li key={`${n.text}-${n.faqId}`}>
                  {t("faq.near.item", { text: n.text, existing: n.existing, question: n.question, similarity: `${Math.round(n.similarity * 100)}%` })}{" "}
                  <Link to={`/w/${data.slug}/faqs/${n.faqId}`}>#{n.faqId}</Link>
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card>
            <FaqForm
              key={`${faq.id}-${faq.updatedAt}`}
              slug={data.slug}
              faqId={faq.id}
              categories={data.categories}
              maxRelated={data.maxRelated}
              readOnly={!data.canEdit}
              values={{ ...faq }}
              errors={result?.fieldErrors}
              conflicts={result?.conflicts}
              pack={data.pack}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
              {t("faq.meta.updated", { who: faq.updatedBy ?? t("audit.system"), when: t.date(faq.updatedAt) })}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("faq.history")} size="small">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.history}
              locale={{ emptyText: t("audit.empty") }}
              columns={[
                {
                  title: t("audit.when"),
                  dataIndex: "createdAt",
                  width: 130,
                  render: (v: number, r) => (
                    <div>
                      <div>{t.date(v)}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.who ?? t("audit.system")} · {t(`audit.action.${r.action}`)}
                      </Typography.Text>
                    </div>
                  ),
                },
                { title: t("audit.change"), key: "change", render: (_: unknown, r) => <AuditChange before={r.before} after={r.after} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
