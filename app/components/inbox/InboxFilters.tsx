import { Input, InputNumber, Segmented, Select, Space, Typography } from "antd";

import type { SearchPatch } from "~/components/use-search-params-nav";
import { useT } from "~/i18n";

import { DECISIONS } from "../../../training/decisions";
import type { InboxQuery } from "./types";

/** The queue switch (with its explanation) and the filter toolbar; every change navigates through `go`. */
export function InboxFilters(props: {
  query: InboxQuery;
  counts: Record<InboxQuery["queue"], number>;
  answerThreshold: number;
  batches: { id: number; fileName: string }[];
  categories: { id: number; name: string }[];
  go: (patch: SearchPatch) => void;
}) {
  const t = useT();
  const { query, go } = props;
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={query.queue}
        onChange={(v) => go({ queue: String(v) })}
        options={(["unmatched", "near", "sample"] as const).map((q) => ({ value: q, label: `${t(`logs.queue.${q}`)} (${t.num(props.counts[q])})` }))}
      />
      <Typography.Paragraph type="secondary">{t(`logs.queue.${query.queue}.help`, { threshold: props.answerThreshold.toFixed(2) })}</Typography.Paragraph>
      <div className="kb-toolbar">
        <Input.Search
          name="q"
          defaultValue={query.q ?? ""}
          placeholder={t("logs.filter.q")}
          aria-label={t("logs.filter.q")}
          allowClear
          style={{ width: 240 }}
          onSearch={(v) => go({ q: v })}
        />
        <Select
          aria-label={t("logs.filter.batch")}
          style={{ width: 200 }}
          value={query.batch ?? 0}
          onChange={(v) => go({ batch: v || undefined })}
          options={[
            { value: 0, label: `${t("logs.filter.batch")}：${t("common.all")}` },
            ...props.batches.map((b) => ({ value: b.id, label: `#${b.id} ${b.fileName}` })),
          ]}
        />
        <Select
          aria-label={t("logs.filter.decision")}
          style={{ width: 180 }}
          value={query.decision ?? ""}
          onChange={(v) => go({ decision: v || undefined })}
          options={[
            { value: "", label: `${t("logs.filter.decision")}：${t("common.all")}` },
            ...DECISIONS.map((x) => ({ value: x, label: t(`bot.decision.${x}`) })),
          ]}
        />
        <Select
          aria-label={t("logs.filter.category")}
          style={{ width: 160 }}
          value={query.category ?? 0}
          onChange={(v) => go({ category: v || undefined })}
          options={[{ value: 0, label: `${t("logs.filter.category")}：${t("common.all")}` }, ...props.categories.map((c) => ({ value: c.id, label: c.name }))]}
        />
        <Input
          type="date"
          aria-label={t("logs.filter.from")}
          style={{ width: 150 }}
          defaultValue={query.from ?? ""}
          onChange={(e) => go({ from: e.target.value })}
        />
        <Input type="date" aria-label={t("logs.filter.to")} style={{ width: 150 }} defaultValue={query.to ?? ""} onChange={(e) => go({ to: e.target.value })} />
        <Space.Compact>
          {(["min", "max"] as const).map((k) => (
            <InputNumber
              key={k}
              aria-label={t(`logs.filter.${k}`)}
              placeholder={t(`logs.filter.${k}`)}
              min={0}
              max={1}
              step={0.05}
              style={{ width: 110 }}
              defaultValue={query[k]}
              onPressEnter={(e) => go({ [k]: (e.target as HTMLInputElement).value })}
              onBlur={(e) => (e.target.value || "") !== String(query[k] ?? "") && go({ [k]: e.target.value })}
            />
          ))}
        </Space.Compact>
      </div>
    </>
  );
}
