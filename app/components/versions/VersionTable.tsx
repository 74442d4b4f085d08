import { useFetcher } from "@remix-run/react";
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { useEffect } from "react";

import { tablePagination } from "~/components/table-pagination";
import { type ErrorParams, useT } from "~/i18n";

/** One published version as the versions page lists it. */
export interface VersionRow {
  id: number;
  number: number;
  note: string;
  restores: number | null;
  createdByName: string | null;
  createdAt: number;
  stats: { faqs: number; variants: number };
  gate: { required: boolean; passed: boolean; overrideReason: string | null };
}

function RollbackButton({ version, disabled }: { version: number; disabled: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const f = useFetcher<{ ok: boolean; version?: number; restores?: number; error?: { code: string; params: ErrorParams } }>();
  const r = f.data;
  useEffect(() => {
    if (r?.ok) message.success(t("versions.rolledBack", { version: r.version, restores: r.restores }));
    else if (r?.error) message.error(t.error(r.error.code, r.error.params));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [r]);
  return (
    <Popconfirm
      title={t("versions.rollback.confirm", { version })}
      onConfirm={() => f.submit({ intent: "rollback", version: String(version) }, { method: "post" })}
      disabled={disabled}
    >
      <Button size="small" disabled={disabled} loading={f.state !== "idle"} data-testid={`rollback-${version}`}>
        {t("versions.rollback")}
      </Button>
    </Popconfirm>
  );
}

/**
 * The published versions, paged: who published each and when, its content and gate outcome; each
 * can be compared with the draft and, for those who may publish, rolled back to.
 */
export function VersionTable({
  versions,
  page,
  pageSize,
  total,
  published,
  mayPublish,
  onGo,
}: {
  versions: VersionRow[];
  page: number;
  pageSize: number;
  total: number;
  published: number | null;
  mayPublish: boolean;
  onGo: (patch: Record<string, string>) => void;
}) {
  const t = useT();
  return (
    <Card size="small" title={t("versions.list")}>
      <Table
        size="small"
        rowKey="id"
        dataSource={versions}
        locale={{ emptyText: t("versions.empty") }}
        pagination={tablePagination(t, { page, pageSize, total }, { onChange: (page) => onGo({ page: String(page) }) })}
        columns={[
          {
            title: t("versions.col.number"),
            dataIndex: "number",
            width: 110,
            render: (n: number) => (
              <Space size={4}>
                <Typography.Text strong>v{n}</Typography.Text>
                {n === published && <Tag color="green">{t("versions.live")}</Tag>}
              </Space>
            ),
          },
          {
            title: t("versions.col.note"),
            dataIndex: "note",
            render: (note: string, r) => (
              <Space size={4} wrap>
                {r.restores != null && <Tag color="purple">{t("versions.restores", { version: r.restores })}</Tag>}
                <span>{note}</span>
              </Space>
            ),
          },
          { title: t("versions.col.who"), dataIndex: "createdByName", width: 140 },
          { title: t("versions.col.when"), dataIndex: "createdAt", width: 160, render: (ms: number) => t.date(ms) },
          { title: t("versions.col.content"), dataIndex: "stats", width: 200, render: (s: { faqs: number; variants: number }) => t("versions.content", s) },
          {
            title: t("versions.col.gate"),
            dataIndex: "gate",
            width: 100,
            render: (g: { required: boolean; passed: boolean; overrideReason: string | null }) =>
              !g.required ? (
                <Tag>{t("versions.gate.none")}</Tag>
              ) : g.passed ? (
                <Tag color="green">{t("versions.gate.passed")}</Tag>
              ) : (
                <Tag color="red" title={g.overrideReason ?? undefined}>
                  {t("versions.gate.overridden")}
                </Tag>
              ),
          },
          {
            title: t("versions.col.actions"),
            key: "actions",
            width: 150,
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => onGo({ a: String(r.number), b: "draft" })}>
                  {t("versions.compare")}
                </Button>
                {mayPublish && <RollbackButton version={r.number} disabled={r.number === published} />}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
