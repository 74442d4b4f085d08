import { AppstoreAddOutlined, ArrowUpOutlined, DisconnectOutlined, RocketOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert, Badge, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { z } from "zod";

import { useT } from "~/i18n";
import { listPackTodo, onboardingState, packCenter, packIds, subscribePack, unsubscribePack } from "~/models/packs.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "行业包 · KB Studio" }];

const QuerySchema = z.object({
  page: z.coerce.number().int().positive().optional().catch(1),
  pageSize: z.coerce.number().int().min(5).max(100).optional().catch(20),
  pack: z.string().max(40).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [packs, todo, onboarding] = await Promise.all([
    packCenter(ctx.workspace.id),
    listPackTodo({ workspaceId: ctx.workspace.id, packId: query.pack || undefined, page: query.page, pageSize: query.pageSize }),
    onboardingState(ctx.workspace.id),
  ]);
  return {
    slug: ctx.workspace.slug,
    canManage: can(ctx.role, "managePacks"),
    query,
    onboarded: onboarding.onboarded,
    packs: packs.map((p) => ({
      id: p.id,
      name: p.name,
      industry: p.industry,
      description: p.description,
      isDefault: p.default,
      version: p.version,
      questions: p.questions,
      variants: p.variants,
      synonyms: p.synonyms,
      subscribed: p.subscribed,
      subscribedVersion: p.subscribedVersion,
      upgradeAvailable: p.upgradeAvailable,
      whatsNew: p.whatsNew,
      faqCount: p.faqCount,
      unanswered: p.unanswered,
    })),
    todo: {
      total: todo.total,
      page: todo.page,
      pageSize: todo.pageSize,
      rows: todo.rows.map((r) => ({
        faqId: r.faqId,
        packName: r.packName,
        question: r.question,
        categoryName: r.categoryName,
        template: r.template,
        missing: r.missing,
      })),
    },
  };
}

const ActionSchema = z.object({ intent: z.enum(["subscribe", "unsubscribe"]), packId: z.string().min(1).max(40) });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "managePacks");
  const parsed = ActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { intent, packId } = parsed.data;
  if (!packIds().includes(packId)) throw new Response("Not found", { status: 404 });
  const opts = { workspaceId: ctx.workspace.id, packId, userId: ctx.user.id };
  if (intent === "subscribe") {
    const r = await subscribePack(opts);
    return data({
      intent,
      packId,
      created: r.created,
      restored: r.restored,
      unanswered: r.unanswered,
      synonymsAdded: r.synonymsAdded,
      removed: 0,
      archived: 0,
      skipped: r.skipped.slice(0, 200).map((s) => ({ key: s.key, text: s.text, kind: s.kind, ownerFaqId: s.ownerFaqId, ownerQuestion: s.ownerQuestion })),
      skippedTotal: r.skipped.length,
    });
  }
  const r = await unsubscribePack(opts);
  return data({
    intent,
    packId,
    created: 0,
    restored: 0,
    unanswered: 0,
    synonymsAdded: 0,
    removed: r.removed,
    archived: r.archived,
    skipped: [],
    skippedTotal: 0,
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["packs"][number];

function PackButtons({ row, canManage }: { row: Row; canManage: boolean }) {
  const t = useT();
  const nav = useNavigation();
  const busy = nav.state === "submitting" && nav.formData?.get("packId") === row.id;
  if (!canManage) return null;
  if (!row.subscribed)
    return (
      <Form method="post">
        <input type="hidden" name="packId" value={row.id} />
        <Button
          type="primary"
          htmlType="submit"
          name="intent"
          value="subscribe"
          icon={<AppstoreAddOutlined />}
          loading={busy}
          aria-label={t("packs.subscribeNamed", { name: row.name })}
        >
          {t("packs.subscribe")}
        </Button>
      </Form>
    );
  const formId = `unsubscribe-${row.id}`;
  return (
    <Space wrap>
      {row.upgradeAvailable ? (
        <Link to={row.id}>
          <Button type="primary" icon={<ArrowUpOutlined />}>
            {t("packs.upgradeView")}
          </Button>
        </Link>
      ) : null}
      <Form method="post" id={formId}>
        <input type="hidden" name="packId" value={row.id} />
        <input type="hidden" name="intent" value="unsubscribe" />
      </Form>
      <Popconfirm
        title={t("packs.unsubscribeConfirm", { name: row.name })}
        description={t("packs.unsubscribeHelp")}
        okText={t("packs.unsubscribe")}
        cancelText={t("common.cancel")}
        onConfirm={() => (document.getElementById(formId) as HTMLFormElement | null)?.requestSubmit()}
      >
        <Button danger icon={<DisconnectOutlined />} loading={busy} aria-label={t("packs.unsubscribeNamed", { name: row.name })}>
          {t("packs.unsubscribe")}
        </Button>
      </Popconfirm>
    </Space>
  );
}

export default function PacksPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const nameOf = (id: string) => data.packs.find((p) => p.id === id)?.name ?? id;
  const totalUnanswered = data.packs.reduce((n, p) => n + p.unanswered, 0);

  const go = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    navigate(`?${next.toString()}#todo`, { preventScrollReset: true });
  };

  return (
    <div>
      <div className="kb-page-head">
        <h1>{t("packs.title")}</h1>
        {data.canManage ? (
          <Link to={`/w/${data.slug}/onboarding`}>
            <Button icon={<RocketOutlined />}>{data.onboarded ? t("packs.profileEdit") : t("packs.onboardingStart")}</Button>
          </Link>
        ) : null}
      </div>
      <Typography.Paragraph type="secondary">{t("packs.intro")}</Typography.Paragraph>

      {result ? (
        <Alert
          type={result.skippedTotal ? "warning" : "success"}
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={
            result.intent === "subscribe"
              ? t("packs.subscribed", { name: nameOf(result.packId), created: result.created, restored: result.restored, unanswered: result.unanswered }) +
                (result.synonymsAdded ? t("packs.synonymsAdded", { n: result.synonymsAdded }) : "")
              : t("packs.unsubscribed", { name: nameOf(result.packId), removed: result.removed, archived: result.archived })
          }
          description={
            result.skippedTotal ? (
              <div>
                <div>{t("packs.skipped", { n: result.skippedTotal })}</div>
                <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 200, overflow: "auto" }}>
                  {result.skipped.map((s) => (
                    <li key={`${s.key}-${s.text}`}>
                      {t(s.kind === "question" ? "packs.skippedQuestion" : "packs.skippedVariant", { text: s.text, question: s.ownerQuestion })}{" "}
                      <Link to={`/w/${data.slug}/faqs/${s.ownerFaqId}`}>#{s.ownerFaqId}</Link>
                    </li>
                  ))}
                </ul>
              </div>
            ) : undefined
          }
        />
      ) : null}

      {totalUnanswered > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("packs.todo.banner", { n: totalUnanswered })}
          description={t("packs.todo.bannerHelp")}
          action={
            <Space orientation="vertical">
              <a href="#todo">
                <Button size="small">{t("packs.todo.show")}</Button>
              </a>
              {data.canManage ? (
                <Link to={`/w/${data.slug}/onboarding`}>
                  <Button size="small" type="primary">
                    {t("packs.todo.fillProfile")}
                  </Button>
                </Link>
              ) : null}
            </Space>
          }
        />
      ) : null}

      <Card style={{ marginBottom: 24 }}>
        <Table
          rowKey="id"
          size="middle"
          dataSource={data.packs}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t("packs.empty")} /> }}
          columns={[
            {
              title: t("packs.col.pack"),
              key: "pack",
              width: 360,
              render: (_: unknown, r) => (
                <div>
                  <Space size={4} wrap>
                    <Link to={r.id}>
                      <Typography.Text strong>{r.name}</Typography.Text>
                    </Link>
                    <Tag>{r.industry}</Tag>
                    {r.isDefault ? <Tag color="blue">{t("packs.default")}</Tag> : null}
                  </Space>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.description}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: t("packs.col.questions"),
              key: "questions",
              width: 130,
              render: (_: unknown, r) => (
                <div>
                  <div>{t("packs.questionCount", { n: t.num(r.questions) })}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("packs.variantCount", { n: t.num(r.variants) })}
                    {r.synonyms ? ` · ${t("packs.synonymCount", { n: r.synonyms })}` : ""}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t("packs.col.version"),
              key: "version",
              width: 150,
              render: (_: unknown, r) =>
                r.upgradeAvailable ? (
                  <Space orientation="vertical" size={0}>
                    <span>
                      {r.subscribedVersion} → {r.version}
                    </span>
                    <Tag color="orange">{t("packs.upgradeAvailable")}</Tag>
                  </Space>
                ) : (
                  <span>{r.version}</span>
                ),
            },
            {
              title: t("packs.col.whatsNew"),
              key: "whatsNew",
              width: 200,
              render: (_: unknown, r) => (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {r.whatsNew.map((w) => (
                    <li key={w.version}>
                      <Typography.Text type="secondary">{w.version}</Typography.Text> {w.notes}
                    </li>
                  ))}
                </ul>
              ),
            },
            {
              title: t("packs.col.status"),
              key: "status",
              width: 170,
              render: (_: unknown, r) =>
                r.subscribed ? (
                  <div>
                    <Badge status="success" text={t("packs.status.subscribed")} />
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t("packs.status.counts", { faqs: r.faqCount, unanswered: r.unanswered })}
                      </Typography.Text>
                    </div>
                  </div>
                ) : (
                  <Badge status="default" text={t("packs.status.notSubscribed")} />
                ),
            },
            { title: t("common.actions"), key: "actions", width: 220, render: (_: unknown, r) => <PackButtons row={r} canManage={data.canManage} /> },
          ]}
        />
      </Card>

      <Card id="todo" title={t("packs.todo.title", { n: data.todo.total })}>
        <Table
          rowKey="faqId"
          size="middle"
          dataSource={data.todo.rows}
          locale={{
            emptyText: <Empty description={data.packs.some((p) => p.subscribed) ? t("packs.todo.empty") : t("packs.todo.noPacks")} />,
          }}
          pagination={{
            current: data.todo.page,
            pageSize: data.todo.pageSize,
            total: data.todo.total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t("common.total", { total: t.num(total) }),
          }}
          onChange={(p) => go({ page: p.current, pageSize: p.pageSize })}
          columns={[
            {
              title: t("packs.todo.question"),
              key: "question",
              render: (_: unknown, r) => <Link to={`/w/${data.slug}/faqs/${r.faqId}`}>{r.question}</Link>,
            },
            { title: t("packs.col.pack"), dataIndex: "packName", width: 110, render: (v: string) => <Tag color="purple">{v}</Tag> },
            { title: t("faq.col.category"), dataIndex: "categoryName", width: 110, render: (v: string) => <Tag>{v}</Tag> },
            {
              title: t("packs.todo.template"),
              dataIndex: "template",
              render: (v: string) => (
                <Typography.Text type="secondary" style={{ whiteSpace: "pre-wrap", fontSize: 12 }}>
                  {v}
                </Typography.Text>
              ),
            },
            {
              title: t("packs.todo.missing"),
              dataIndex: "missing",
              width: 180,
              render: (v: string[]) =>
                v.length ? (
                  v.map((m) => (
                    <Tag key={m} color="gold">
                      {m}
                    </Tag>
                  ))
                ) : (
                  <Typography.Text type="secondary">{t("packs.todo.writeAnswer")}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
