/**
 * The import preview's rows that mean what a pack question means (issue 10): each with the pack
 * question and the phrasings that are close, and one click to merge the row into it (its answer
 * and phrasings go to the pack question) instead of importing a second FAQ for the same meaning.
 */
import { Button, Space, Switch, Table, Typography } from "antd";

import { useT } from "~/i18n";

export interface NearPackRow {
  row: number;
  rowQuestion: string;
  faqId: number;
  question: string;
  text: string;
  existing: string;
  similarity: number;
}

export function NearPackMerge({ rows, merge, onChange }: { rows: NearPackRow[]; merge: Set<number>; onChange: (next: Set<number>) => void }) {
  const t = useT();
  const toggle = (row: number, on: boolean) => {
    const next = new Set(merge);
    if (on) next.add(row);
    else next.delete(row);
    onChange(next);
  };
  return (
    <div data-testid="near-pack" style={{ marginBottom: 16 }}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("import.nearPack.title", { n: rows.length })}
        </Typography.Title>
        <Button size="small" onClick={() => onChange(new Set(rows.map((r) => r.row)))} disabled={merge.size === rows.length}>
          {t("import.nearPack.all")}
        </Button>
        {merge.size ? (
          <Button size="small" type="link" onClick={() => onChange(new Set())}>
            {t("import.nearPack.none")}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("import.nearPack.help")}
      </Typography.Paragraph>
      <Table<NearPackRow>
        size="small"
        rowKey="row"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("import.col.row"), dataIndex: "row", width: 70 },
          { title: t("import.nearPack.imported"), dataIndex: "rowQuestion" },
          {
            title: t("import.nearPack.packQuestion"),
            key: "pack",
            render: (_: unknown, r) => (
              <div>
                <div>{r.question}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("import.nearPack.close", { text: r.text, existing: r.existing, s: r.similarity.toFixed(2) })}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t("import.nearPack.merge"),
            key: "merge",
            width: 130,
            render: (_: unknown, r) => (
              <Switch
                checked={merge.has(r.row)}
                onChange={(on) => toggle(r.row, on)}
                aria-label={t("import.nearPack.mergeRow", { row: r.row })}
                checkedChildren={t("import.nearPack.merged")}
                unCheckedChildren={t("import.nearPack.own")}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
