import { Link } from "@remix-run/react";
import { Badge, Card, Empty, Space, Table, Tag, Typography } from "antd";

import { useT } from "~/i18n";

import { PackButtons } from "./PackButtons";
import type { PackRow } from "./types";

/** The subscription center's table: each pack with its size, version, what is new and its state here. */
export function PackTable({ packs, canManage }: { packs: PackRow[]; canManage: boolean }) {
  const t = useT();
  return (
    <Card style={{ marginBottom: 24 }}>
      <Table
        rowKey="id"
        size="middle"
        dataSource={packs}
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
                  {/* The industry only when it says more than the name (通用 is both). */}
                  {r.industry && r.industry !== r.name ? <Tag>{r.industry}</Tag> : null}
                  {r.isDefault ? (
                    <Tag color="blue" title={t("packs.defaultHelp")}>
                      {t("packs.default")}
                    </Tag>
                  ) : null}
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
          { title: t("common.actions"), key: "actions", width: 220, render: (_: unknown, r) => <PackButtons row={r} canManage={canManage} /> },
        ]}
      />
    </Card>
  );
}
