import { Link } from "@remix-run/react";
import { Alert, Card, Space, Table, type TableColumnsType, Tag, Typography } from "antd";
import type { ReactNode } from "react";

import { useT } from "~/i18n";

import type { ContentDiff } from "../../../db/queries/versions";

function show(v: unknown, unset: string, yes: string, no: string): string {
  if (v === undefined || v === null || v === "") return unset;
  if (typeof v === "boolean") return v ? yes : no;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("、") : unset;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Before → after, one row per changed FAQ field or setting; `marked` strikes the old value and marks the new one. */
function BeforeAfterTable<R extends { before: unknown; after: unknown }>(props: {
  rows: R[];
  nameKey: keyof R & string;
  nameWidth: number;
  name: (key: string) => string;
  marked?: boolean;
}) {
  const t = useT();
  const fmt = (v: unknown) => show(v, t("versions.diff.unset"), t("common.yes"), t("common.no"));
  return (
    <Table<R>
      size="small"
      pagination={false}
      rowKey={props.nameKey}
      dataSource={props.rows}
      columns={[
        { title: t("versions.diff.field"), dataIndex: props.nameKey, width: props.nameWidth, render: props.name },
        {
          title: t("versions.diff.before"),
          dataIndex: "before",
          render: (v: unknown) => (props.marked ? <Typography.Text delete>{fmt(v)}</Typography.Text> : fmt(v)),
        },
        {
          title: t("versions.diff.after"),
          dataIndex: "after",
          render: (v: unknown) => (props.marked ? <Typography.Text mark>{fmt(v)}</Typography.Text> : fmt(v)),
        },
      ]}
    />
  );
}

/** The FAQs a version adds or removes: question and category, then the card's own columns; paged past 20. */
function FaqListCard<R extends { id: number; question: string; category: string }>(props: {
  title: string;
  faqs: R[];
  question: (q: string, r: R) => ReactNode;
  columns?: TableColumnsType<R>;
}) {
  const t = useT();
  if (props.faqs.length === 0) return null;
  return (
    <Card size="small" title={props.title}>
      <Table<R>
        size="small"
        rowKey="id"
        pagination={props.faqs.length > 20 ? { pageSize: 20 } : false}
        dataSource={props.faqs}
        columns={[
          { title: t("versions.field.question"), dataIndex: "question", render: props.question },
          { title: t("versions.field.category"), dataIndex: "category", width: 160 },
          ...(props.columns ?? []),
        ]}
      />
    </Card>
  );
}

/** What was added (green, +) or removed (red, −), one tag each. */
function ChangeTags({ items, added }: { items: { key: string; label: string }[]; added: boolean }) {
  return items.map((i) => (
    <Tag key={i.key} color={added ? "green" : "red"}>
      {added ? "+ " : "− "}
      {i.label}
    </Tag>
  ));
}

/** Draft vs published, or any two versions: FAQs added / changed field by field / removed, variants, synonyms, settings. */
export function DiffView({ diff, slug }: { diff: ContentDiff; slug: string }) {
  const t = useT();
  if (diff.same) return <Alert type="info" showIcon message={t("versions.diff.same")} />;
  const faqLink = (id: number, q: string) => <Link to={`/w/${slug}/faqs/${id}`}>{q}</Link>;
  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }} data-testid="version-diff">
      <Typography.Text>
        {t("versions.diff.summary", {
          added: diff.faqsAdded.length,
          changed: diff.faqsChanged.length,
          removed: diff.faqsRemoved.length,
          synAdded: diff.synonymsAdded.length,
          synRemoved: diff.synonymsRemoved.length,
          settings: diff.settings.length,
        })}
      </Typography.Text>
      {diff.faqsChanged.length > 0 && (
        <Card size="small" title={t("versions.diff.changed")}>
          <Space direction="vertical" style={{ width: "100%" }}>
            {diff.faqsChanged.slice(0, 200).map((c) => (
              <div key={c.id} data-testid="diff-changed">
                <Typography.Text strong>{faqLink(c.id, c.question)}</Typography.Text>
                {c.fields.length > 0 && <BeforeAfterTable rows={c.fields} nameKey="field" nameWidth={120} name={(f) => t(`versions.field.${f}`)} marked />}
                {c.variantsAdded.length > 0 && (
                  <div>
                    {t("versions.diff.variantsAdded")}：
                    <ChangeTags added items={c.variantsAdded.map((v) => ({ key: v, label: v }))} />
                  </div>
                )}
                {c.variantsRemoved.length > 0 && (
                  <div>
                    {t("versions.diff.variantsRemoved")}：
                    <ChangeTags added={false} items={c.variantsRemoved.map((v) => ({ key: v, label: v }))} />
                  </div>
                )}
              </div>
            ))}
          </Space>
        </Card>
      )}
      <FaqListCard
        title={t("versions.diff.added")}
        faqs={diff.faqsAdded}
        question={(q, r) => faqLink(r.id, q)}
        columns={[{ title: t("versions.diff.variantsAdded"), dataIndex: "variants", width: 140, render: (n: number) => t("versions.diff.variants", { n }) }]}
      />
      <FaqListCard title={t("versions.diff.removed")} faqs={diff.faqsRemoved} question={(q) => <Typography.Text delete>{q}</Typography.Text>} />
      {(diff.synonymsAdded.length > 0 || diff.synonymsRemoved.length > 0) && (
        <Card size="small" title={t("versions.diff.synonyms")}>
          <ChangeTags added items={diff.synonymsAdded.map((g) => ({ key: `+${g.join("/")}`, label: g.join(" / ") }))} />
          <ChangeTags added={false} items={diff.synonymsRemoved.map((g) => ({ key: `-${g.join("/")}`, label: g.join(" / ") }))} />
        </Card>
      )}
      {diff.settings.length > 0 && (
        <Card size="small" title={t("versions.diff.settings")}>
          <BeforeAfterTable rows={diff.settings} nameKey="key" nameWidth={200} name={(k) => t(`audit.field.${k}`)} />
        </Card>
      )}
    </Space>
  );
}
