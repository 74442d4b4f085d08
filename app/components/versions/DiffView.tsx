import { Link } from "@remix-run/react";
import { Alert, Card, Space, Table, Tag, Typography } from "antd";

import { useT } from "~/i18n";

import type { ContentDiff } from "../../../db/queries/versions";

function show(v: unknown, unset: string, yes: string, no: string): string {
  if (v === undefined || v === null || v === "") return unset;
  if (typeof v === "boolean") return v ? yes : no;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("、") : unset;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Draft vs published, or any two versions: FAQs added / changed field by field / removed, variants, synonyms, settings. */
export function DiffView({ diff, slug }: { diff: ContentDiff; slug: string }) {
  const t = useT();
  const fmt = (v: unknown) => show(v, t("versions.diff.unset"), t("common.yes"), t("common.no"));
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
                {c.fields.length > 0 && (
                  <Table
                    size="small"
                    pagination={false}
                    rowKey="field"
                    dataSource={c.fields}
                    columns={[
                      { title: t("versions.diff.field"), dataIndex: "field", width: 120, render: (f: string) => t(`versions.field.${f}`) },
                      { title: t("versions.diff.before"), dataIndex: "before", render: (v: unknown) => <Typography.Text delete>{fmt(v)}</Typography.Text> },
                      { title: t("versions.diff.after"), dataIndex: "after", render: (v: unknown) => <Typography.Text mark>{fmt(v)}</Typography.Text> },
                    ]}
                  />
                )}
                {c.variantsAdded.length > 0 && (
                  <div>
                    {t("versions.diff.variantsAdded")}：
                    {c.variantsAdded.map((v) => (
                      <Tag key={v} color="green">
                        + {v}
                      </Tag>
                    ))}
                  </div>
                )}
                {c.variantsRemoved.length > 0 && (
                  <div>
                    {t("versions.diff.variantsRemoved")}：
                    {c.variantsRemoved.map((v) => (
                      <Tag key={v} color="red">
                        − {v}
                      </Tag>
                    ))}
                  </div>
                )}
              </div>
            ))}
          </Space>
        </Card>
      )}
      {diff.faqsAdded.length > 0 && (
        <Card size="small" title={t("versions.diff.added")}>
          <Table
            size="small"
            rowKey="id"
            pagination={diff.faqsAdded.length > 20 ? { pageSize: 20 } : false}
            dataSource={diff.faqsAdded}
            columns={[
              { title: t("versions.field.question"), dataIndex: "question", render: (q: string, r) => faqLink(r.id, q) },
              { title: t("versions.field.category"), dataIndex: "category", width: 160 },
              { title: t("versions.diff.variantsAdded"), dataIndex: "variants", width: 140, render: (n: number) => t("versions.diff.variants", { n }) },
            ]}
          />
        </Card>
      )}
      {diff.faqsRemoved.length > 0 && (
        <Card size="small" title={t("versions.diff.removed")}>
          <Table
            size="small"
            rowKey="id"
            pagination={diff.faqsRemoved.length > 20 ? { pageSize: 20 } : false}
            dataSource={diff.faqsRemoved}
            columns={[
              { title: t("versions.field.question"), dataIndex: "question", render: (q: string) => <Typography.Text delete>{q}</Typography.Text> },
              { title: t("versions.field.category"), dataIndex: "category", width: 160 },
            ]}
          />
        </Card>
      )}
      {(diff.synonymsAdded.length > 0 || diff.synonymsRemoved.length > 0) && (
        <Card size="small" title={t("versions.diff.synonyms")}>
          {diff.synonymsAdded.map((g) => (
            <Tag key={`+${g.join("/")}`} color="green">
              + {g.join(" / ")}
            </Tag>
          ))}
          {diff.synonymsRemoved.map((g) => (
            <Tag key={`-${g.join("/")}`} color="red">
              − {g.join(" / ")}
            </Tag>
          ))}
        </Card>
      )}
      {diff.settings.length > 0 && (
        <Card size="small" title={t("versions.diff.settings")}>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={diff.settings}
            columns={[
              { title: t("versions.diff.field"), dataIndex: "key", width: 200, render: (k: string) => t(`audit.field.${k}`) },
              { title: t("versions.diff.before"), dataIndex: "before", render: (v: unknown) => fmt(v) },
              { title: t("versions.diff.after"), dataIndex: "after", render: (v: unknown) => fmt(v) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
