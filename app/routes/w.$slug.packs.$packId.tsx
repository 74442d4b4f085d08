import { ArrowLeftOutlined } from "@ant-design/icons";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert, Button, Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from "antd";
import { z } from "zod";

import { PackDiffCard } from "~/components/packs/PackDiffCard";
import { PackQuestionTable } from "~/components/packs/PackQuestionTable";
import { useT } from "~/i18n";
import { diffPack, getPackDetail, packCenter, upgradePack } from "~/models/packs.server";
import { can } from "~/permissions";
import { requireWorkspace } from "~/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.pack.name ?? "行业包"} · KB Studio` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "readKnowledge");
  const pack = getPackDetail(params.packId ?? "");
  if (!pack) throw new Response("Not found", { status: 404 });
  const [center, diff] = await Promise.all([packCenter(ctx.workspace.id), diffPack(ctx.workspace.id, pack.id)]);
  const row = center.find((c) => c.id === pack.id)!;
  return {
    slug: ctx.workspace.slug,
    canManage: can(ctx.role, "managePacks"),
    pack: {
      id: pack.id,
      name: pack.name,
      industry: pack.industry,
      description: pack.description,
      version: pack.version,
      changelog: pack.changelog,
      questionCount: pack.questions.length,
      variantCount: pack.variants,
      questions: pack.questions.map((q) => ({
        key: q.key,
        category: q.category,
        question: q.question,
        variants: q.variants.length,
        sample: q.variants.slice(0, 3),
        answerTemplate: q.answerTemplate,
      })),
    },
    subscribed: row.subscribed,
    subscribedVersion: row.subscribedVersion,
    upgradeAvailable: row.upgradeAvailable,
    faqCount: row.faqCount,
    unanswered: row.unanswered,
    diff: diff && row.upgradeAvailable ? diff : null,
  };
}

const ActionSchema = z.object({ intent: z.literal("upgrade") });

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireWorkspace(request, params.slug, "managePacks");
  const pack = getPackDetail(params.packId ?? "");
  if (!pack) throw new Response("Not found", { status: 404 });
  if (!ActionSchema.safeParse(Object.fromEntries(await request.formData())).success) throw new Response("Bad intent", { status: 400 });
  const diff = await diffPack(ctx.workspace.id, pack.id);
  if (!diff) throw new Response("Not subscribed", { status: 409 });
  const r = await upgradePack({ workspaceId: ctx.workspace.id, packId: pack.id, userId: ctx.user.id });
  return {
    report: {
      fromVersion: r.fromVersion,
      toVersion: r.toVersion,
      added: r.added,
      kept: r.kept,
      deleted: r.deleted,
      changed: r.changed,
      skipped: r.skipped.slice(0, 200).map((s) => ({ key: s.key, text: s.text, ownerFaqId: s.ownerFaqId, ownerQuestion: s.ownerQuestion })),
      skippedTotal: r.skipped.length,
      synonymsAdded: r.synonymsAdded,
    },
  };
}

export default function PackPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { pack, diff } = data;
  return (
    <div>
      <div className="kb-page-head">
        <h1>
          <Link to={`/w/${data.slug}/packs`}>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t("common.back")} />
          </Link>
          {pack.name} <Tag>{pack.industry}</Tag>
          {data.subscribed ? <Tag color="green">{t("packs.status.subscribed")}</Tag> : <Tag>{t("packs.status.notSubscribed")}</Tag>}
        </h1>
      </div>
      {result ? (
        <Alert
          type={result.report.skippedTotal ? "warning" : "success"}
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={t("packs.upgrade.done", result.report) + (result.report.synonymsAdded ? t("packs.synonymsAdded", { n: result.report.synonymsAdded }) : "")}
          description={
            result.report.skippedTotal ? (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {result.report.skipped.map((s) => (
                  <li key={`${s.key}-${s.text}`}>
                    {t("packs.skippedVariant", { text: s.text, question: s.ownerQuestion })}{" "}
                    <Link to={`/w/${data.slug}/faqs/${s.ownerFaqId}`}>#{s.ownerFaqId}</Link>
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={16}>
          <Card>
            <Typography.Paragraph>{pack.description}</Typography.Paragraph>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t("packs.col.version")}>{pack.version}</Descriptions.Item>
              <Descriptions.Item label={t("packs.subscribedVersion")}>{data.subscribedVersion ?? t("common.none")}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t("packs.changelog")}</Typography.Title>
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {[...pack.changelog].reverse().map((c) => (
                <li key={c.version}>
                  <Typography.Text strong>{c.version}</Typography.Text> {c.notes}
                </li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card>
            <Space size="large" wrap>
              <Statistic title={t("packs.col.questions")} value={pack.questionCount} />
              <Statistic title={t("packs.stat.variants")} value={pack.variantCount} />
              {data.subscribed ? <Statistic title={t("packs.stat.unanswered")} value={data.unanswered} /> : null}
            </Space>
          </Card>
        </Col>
      </Row>

      {diff ? <PackDiffCard diff={diff} slug={data.slug} canManage={data.canManage} /> : null}

      <PackQuestionTable questions={pack.questions} />
    </div>
  );
}
