import { useFetcher } from "@remix-run/react";
import { Button, Table, Typography } from "antd";
import { useEffect, useState } from "react";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { useT } from "~/i18n";
import type { loader as clusterLoader } from "~/routes/w.$slug.logs.cluster";

import { RawText } from "./RawText";

/** The turns of an expanded cluster row, loaded a page at a time, each selectable on its own. */
export function ClusterMembers(props: {
  slug: string;
  clusterId: string;
  search: string;
  raw: boolean;
  selected: Set<number>;
  onSelect: (ids: number[], on: boolean) => void;
  onContext: (turnId: number) => void;
}) {
  const t = useT();
  const fetcher = useFetcher<typeof clusterLoader>();
  const [page, setPage] = useState(1);
  const p = new URLSearchParams(props.search);
  p.set("id", props.clusterId);
  p.set("mpage", String(page));
  if (props.raw) p.set("raw", "1");
  const url = `/w/${props.slug}/logs/cluster?${p.toString()}`;
  // fetcher.load is stable across renders (the fetcher object is not): load when the URL changes.
  const { load } = fetcher;
  useEffect(() => load(url), [load, url]);
  const d = fetcher.data;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={fetcher.state !== "idle"}
      dataSource={d?.rows ?? []}
      rowSelection={{
        selectedRowKeys: (d?.rows ?? []).filter((r) => props.selected.has(r.id)).map((r) => r.id),
        onSelect: (r, on) => props.onSelect([r.id], on),
        onSelectAll: (on, _rows, changed) =>
          props.onSelect(
            changed.map((r) => r.id),
            on,
          ),
      }}
      pagination={{ current: page, pageSize: d?.pageSize ?? 10, total: d?.total ?? 0, onChange: setPage, hideOnSinglePage: true, size: "small" }}
      columns={[
        {
          title: t("logs.inbox.col.turn"),
          dataIndex: "text",
          render: (_: unknown, r) => (
            <div>
              <div>{r.text}</div>
              <RawText text={r.rawText} />
            </div>
          ),
        },
        { title: t("logs.inbox.col.time"), dataIndex: "time", width: 150, render: (v: number | null) => t.date(v) },
        { title: t("logs.inbox.col.session"), dataIndex: "sessionKey", width: 170, ellipsis: true },
        {
          title: t("logs.inbox.col.bot"),
          width: 220,
          render: (_: unknown, r) => (
            <span>
              <DecisionTag decision={r.decision} />
              {r.faqQuestion ? <Typography.Text type="secondary">{r.faqQuestion}</Typography.Text> : null}
            </span>
          ),
        },
        {
          title: "",
          width: 90,
          render: (_: unknown, r) => (
            <Button size="small" onClick={() => props.onContext(r.id)}>
              {t("logs.inbox.context")}
            </Button>
          ),
        },
      ]}
    />
  );
}
