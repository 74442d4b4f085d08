import { RocketOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, Button, Space, Typography } from "antd";
import { z } from "zod";

import { PackResultAlert } from "~/components/packs/PackResultAlert";
import { PackTable } from "~/components/packs/PackTable";
import { PackTodoTable } from "~/components/packs/PackTodoTable";
import type { PackActionResult } from "~/components/packs/types";
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
  const none = { created: 0, restored: 0, unanswered: 0, synonymsAdded: 0, removed: 0, archived: 0, skipped: [], skippedTotal: 0 };
  if (intent === "subscribe") {
    const r = await subscribePack(opts);
    return data({
      ...none,
      intent,
      packId,
      created: r.created,
      restored: r.restored,
      unanswered: r.unanswered,
      synonymsAdded: r.synonymsAdded,
      skipped: r.skipped.slice(0, 200).map((s) => ({ key: s.key, text: s.text, kind: s.kind, ownerFaqId: s.ownerFaqId, ownerQuestion: s.ownerQuestion })),
      skippedTotal: r.skipped.length,
    } satisfies PackActionResult);
  }
  const r = await unsubscribePack(opts);
  return data({ ...none, intent, packId, removed: r.removed, archived: r.archived } satisfies PackActionResult);
}

export default function PacksPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const nameOf = (id: string) => data.packs.find((p) => p.id === id)?.name ?? id;
  const totalUnanswered = data.packs.reduce((n, p) => n + p.unanswered, 0);

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

      {result ? <PackResultAlert result={result} slug={data.slug} nameOf={nameOf} /> : null}

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

      <PackTable packs={data.packs} canManage={data.canManage} />

      <PackTodoTable slug={data.slug} todo={data.todo} anySubscribed={data.packs.some((p) => p.subscribed)} />
    </div>
  );
}
