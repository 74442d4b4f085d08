import { ArrowUpOutlined } from "@ant-design/icons";
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Card, Col, Row, Tag, Typography } from "antd";
import type { ReactNode } from "react";

import { useT } from "~/i18n";

import type { PackDiffView } from "./types";

/** One column of the upgrade preview: a heading with its count, the items or 无. */
function DiffColumn<T>({ title, items, render }: { title: string; items: T[]; render: (item: T) => ReactNode }) {
  const t = useT();
  return (
    <Col xs={24} lg={8}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {items.length ? <ul>{items.map(render)}</ul> : <Typography.Text type="secondary">{t("common.none")}</Typography.Text>}
    </Col>
  );
}

/** What upgrading a subscribed pack would change, and the button that applies it. */
export function PackDiffCard({ diff, slug, canManage }: { diff: PackDiffView; slug: string; canManage: boolean }) {
  const t = useT();
  const nav = useNavigation();
  return (
    <Card title={t("packs.upgrade.title", { from: diff.fromVersion, to: diff.toVersion })} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("packs.upgrade.help")}</Typography.Paragraph>
      {diff.changelog.length ? (
        <ul>
          {diff.changelog.map((c) => (
            <li key={c.version}>
              <Typography.Text strong>{c.version}</Typography.Text> {c.notes}
            </li>
          ))}
        </ul>
      ) : null}
      <Row gutter={16}>
        <DiffColumn
          title={t("packs.diff.added", { n: diff.added.length })}
          items={diff.added}
          render={(a) => (
            <li key={a.key}>
              {a.question} <Tag>{a.category}</Tag>
            </li>
          )}
        />
        <DiffColumn
          title={t("packs.diff.changed", { n: diff.changed.length })}
          items={diff.changed}
          render={(c) => (
            <li key={c.key}>
              <Link to={`/w/${slug}/faqs/${c.faqId}`}>{c.question}</Link>
              {c.newQuestion ? <div>{t("packs.diff.renamed", { to: c.newQuestion })}</div> : null}
              {c.addedVariants.length ? (
                <div>{t("packs.diff.variantsAdded", { n: c.addedVariants.length, list: c.addedVariants.slice(0, 5).join("、") })}</div>
              ) : null}
              {c.removedVariants.length ? (
                <div>{t("packs.diff.variantsRemoved", { n: c.removedVariants.length, list: c.removedVariants.slice(0, 5).join("、") })}</div>
              ) : null}
            </li>
          )}
        />
        <DiffColumn
          title={t("packs.diff.removed", { n: diff.removed.length })}
          items={diff.removed}
          render={(r) => (
            <li key={r.key}>
              <Link to={`/w/${slug}/faqs/${r.faqId}`}>{r.question}</Link> — {r.keep ? t("packs.diff.keep") : t("packs.diff.delete")}
            </li>
          )}
        />
      </Row>
      {canManage ? (
        <Form method="post">
          <input type="hidden" name="intent" value="upgrade" />
          <Button type="primary" htmlType="submit" icon={<ArrowUpOutlined />} loading={nav.state === "submitting"}>
            {t("packs.upgrade.apply", { to: diff.toVersion })}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
