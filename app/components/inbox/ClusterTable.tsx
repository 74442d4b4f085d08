import { Link } from "@remix-run/react";
import { Empty, Table, Tag, Typography } from "antd";

import { DecisionTag } from "~/components/bot/DecisionTag";
import type { SearchPatch } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";

import { ClusterMembers } from "./ClusterMembers";
import type { InboxClusterRow, InboxQuery } from "./types";
import type { InboxSelection } from "./use-inbox-selection";

/** The inbox's page of clusters: the focused row highlighted, rows selectable, each expanding to its turns. */
export function ClusterTable(props: {
  slug: string;
  clusters: InboxClusterRow[];
  sel: InboxSelection;
  search: string;
  raw: boolean;
  query: InboxQuery;
  counts: Record<InboxQuery["queue"], number>;
  totalClusters: number;
  totalTurns: number;
  onContext: (turnId: number) => void;
  go: (patch: SearchPatch) => void;
}) {
  const t = useT();
  const { slug, sel, query, counts, go } = props;
  const { focus, setFocus, selClusters, setSelClusters, selTurns, setSelTurns, expanded, toggleExpand } = sel;
  return (
    <Table
      rowKey="id"
      size="middle"
      dataSource={props.clusters}
      onRow={(r, i) => ({
        onClick: () => setFocus(i ?? 0),
        "aria-current": i === focus ? "true" : undefined,
        style: i === focus ? { background: "#e6f4ff", boxShadow: "inset 3px 0 0 #1677ff" } : undefined,
      })}
      rowSelection={{
        selectedRowKeys: [...selClusters],
        onChange: (keys) => setSelClusters(new Set(keys.map(String))),
      }}
      expandable={{
        expandedRowKeys: expanded,
        onExpand: (_open, r) => toggleExpand(r.id),
        expandedRowRender: (r) => (
          <ClusterMembers
            slug={slug}
            clusterId={r.id}
            search={props.search}
            raw={props.raw}
            selected={selTurns}
            onSelect={(ids, on) =>
              setSelTurns((s) => {
                const n = new Set(s);
                for (const id of ids) {
                  if (on) n.add(id);
                  else n.delete(id);
                }
                return n;
              })
            }
            onContext={props.onContext}
          />
        ),
      }}
      locale={{
        emptyText: (
          <Empty
            description={
              <span>
                {props.totalTurns === 0 && counts.unmatched + counts.near + counts.sample === 0 ? t("logs.inbox.emptyAll") : t("logs.inbox.empty")}{" "}
                <Link to={`/w/${slug}/logs`}>{t("logs.inbox.emptyLink")}</Link>
              </span>
            }
          />
        ),
      }}
      pagination={{
        current: query.page,
        pageSize: query.pageSize ?? 20,
        total: props.totalClusters,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (total) => t("logs.inbox.total", { clusters: t.num(total), turns: t.num(props.totalTurns) }),
        onChange: (page, pageSize) => go({ page, pageSize }),
      }}
      columns={[
        {
          title: t("logs.inbox.col.question"),
          dataIndex: "representative",
          render: (_: unknown, r) => (
            <div>
              <Typography.Text strong>{r.representative}</Typography.Text>
              <div style={{ marginTop: 4 }}>
                {r.texts.slice(1, 6).map((x) => (
                  <Tag key={x.text} style={{ marginBottom: 2 }}>
                    {x.text} ×{x.count}
                  </Tag>
                ))}
              </div>
            </div>
          ),
        },
        { title: t("logs.inbox.col.count"), dataIndex: "count", width: 80, render: (v: number) => <Typography.Text strong>{t.num(v)}</Typography.Text> },
        {
          title: t("logs.inbox.col.bot"),
          width: 260,
          render: (_: unknown, r) => (
            <div>
              <DecisionTag decision={r.decision} />
              {r.maxConfidence !== null ? <Typography.Text type="secondary">{(r.maxConfidence * 100).toFixed(0)}%</Typography.Text> : null}
              {r.bestFaq ? (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("logs.inbox.bestGuess")}
                  </Typography.Text>
                  <Link to={`/w/${slug}/faqs/${r.bestFaq.id}`}>{r.bestFaq.question}</Link>
                  {r.bestFaq.category ? <Tag style={{ marginLeft: 4 }}>{r.bestFaq.category}</Tag> : null}
                </div>
              ) : null}
            </div>
          ),
        },
      ]}
    />
  );
}
