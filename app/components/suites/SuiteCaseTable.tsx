import { useFetcher, useSearchParams } from "@remix-run/react";
import { App, Button, Card, Empty, Input, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect } from "react";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { tablePagination } from "~/components/table-pagination";
import { useSearchParamsNav } from "~/components/use-search-params-nav";
import { type ErrorParams, useT } from "~/i18n";

import type { TurnExpect } from "../../../training/suites/check";
import { TagList } from "./TagList";

/** One case as the suite page lists it. */
export interface SuiteCaseRow {
  id: number;
  name: string;
  tags: string[];
  note: string;
  turns: { position: number; text: string; expect: TurnExpect }[];
}

function expectSummary(e: TurnExpect, t: ReturnType<typeof useT>) {
  return (
    <Space size={4} wrap>
      {e.decision && <DecisionTag decision={e.decision} />}
      {e.faq && <Typography.Text>{e.faq}</Typography.Text>}
      {e.reason && <Tag>{t(`bot.reason.${e.reason}`)}</Tag>}
      {e.contains && <Tag>{`${t("suites.expect.contains")}：${e.contains}`}</Tag>}
      {!Object.keys(e).length && <Typography.Text type="secondary">{t("suites.expect.none")}</Typography.Text>}
    </Space>
  );
}

function CaseActions({ row, onEdit }: { row: SuiteCaseRow; onEdit: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const f = useFetcher<{ ok: boolean; intent?: string; error?: { code: string; params: ErrorParams } }>();
  useEffect(() => {
    if (f.data?.ok && f.data.intent === "duplicateCase") message.success(t("suites.case.duplicated"));
    else if (f.data && !f.data.ok && f.data.error) message.error(t.error(f.data.error.code, f.data.error.params));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [f.data]);
  return (
    <Space size={0}>
      <Button size="small" type="link" onClick={onEdit}>
        {t("common.edit")}
      </Button>
      <Button
        size="small"
        type="link"
        loading={f.state !== "idle"}
        onClick={() => f.submit({ intent: "duplicateCase", caseId: String(row.id) }, { method: "post" })}
      >
        {t("suites.case.duplicate")}
      </Button>
      <Popconfirm
        title={t("suites.case.deleteConfirm", { name: row.name })}
        onConfirm={() => f.submit({ intent: "deleteCase", caseId: String(row.id) }, { method: "post" })}
      >
        <Button size="small" type="link" danger>
          {t("common.delete")}
        </Button>
      </Popconfirm>
    </Space>
  );
}

/**
 * The suite's cases: searched and filtered by tag through the URL, paged, each with its first turns
 * and their expectations; writers edit (also by double-click), duplicate and delete.
 */
export function SuiteCaseTable({
  rows,
  allCases,
  tags,
  q,
  page,
  pageSize,
  total,
  canWrite,
  onEdit,
}: {
  rows: SuiteCaseRow[];
  allCases: number;
  tags: string[];
  q: string;
  page: number;
  pageSize: number;
  total: number;
  canWrite: boolean;
  onEdit: (row: SuiteCaseRow) => void;
}) {
  const t = useT();
  const go = useSearchParamsNav();
  const [params] = useSearchParams();
  return (
    <Card
      size="small"
      title={`${t("suites.cases")}（${allCases}）`}
      extra={
        <Space>
          <Input.Search
            allowClear
            aria-label={t("suites.search")}
            placeholder={t("suites.search")}
            defaultValue={q}
            style={{ width: 300 }}
            onSearch={(q) => go({ q })}
          />
          <Select
            aria-label={t("suites.case.tags")}
            style={{ width: 160 }}
            value={params.get("tag") ?? ""}
            onChange={(tag) => go({ tag })}
            options={[{ value: "", label: t("suites.allTags") }, ...tags.map((x) => ({ value: x, label: x }))]}
          />
        </Space>
      }
    >
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        locale={{ emptyText: <Empty description={allCases ? t("suites.case.noMatch") : t("suites.case.empty")} /> }}
        pagination={tablePagination(t, { page, pageSize, total }, { hideOnSinglePage: true, onChange: (page) => go({ page }) })}
        onRow={(r) => ({ onDoubleClick: () => canWrite && onEdit(r) })}
        columns={[
          {
            title: t("suites.col.case"),
            dataIndex: "name",
            render: (name: string, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{name}</Typography.Text>
                {r.note && <Typography.Text type="secondary">{r.note}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t("suites.case.tags"),
            dataIndex: "tags",
            width: 180,
            render: (tags: string[]) => <TagList tags={tags} />,
          },
          { title: t("suites.col.turnCount"), key: "n", width: 70, render: (_: unknown, r) => r.turns.length },
          {
            title: t("suites.col.firstTurn"),
            key: "turns",
            render: (_: unknown, r) => (
              <Space direction="vertical" size={2}>
                {r.turns.slice(0, 3).map((x) => (
                  <Space key={x.position} size={6} wrap>
                    <Typography.Text>
                      {x.position}. {x.text}
                    </Typography.Text>
                    → {expectSummary(x.expect, t)}
                  </Space>
                ))}
                {r.turns.length > 3 && <Typography.Text type="secondary">…</Typography.Text>}
              </Space>
            ),
          },
          ...(canWrite
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  width: 180,
                  render: (_: unknown, r: SuiteCaseRow) => <CaseActions row={r} onEdit={() => onEdit(r)} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
