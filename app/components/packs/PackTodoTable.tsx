import { Link, useNavigate, useSearchParams } from "@remix-run/react";
import { Card, Empty, Table, Tag, Typography } from "antd";

import { tablePagination } from "~/components/table-pagination";
import { useT } from "~/i18n";

import { TemplateText } from "./TemplateText";
import type { PackTodoItem } from "./types";

/** Pack questions without an answer (the bot skips them), server-paged through the URL. */
export function PackTodoTable({
  slug,
  todo,
  anySubscribed,
}: {
  slug: string;
  todo: { total: number; page: number; pageSize: number; rows: PackTodoItem[] };
  anySubscribed: boolean;
}) {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const go = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    navigate(`?${next.toString()}#todo`, { preventScrollReset: true });
  };
  return (
    <Card id="todo" title={t("packs.todo.title", { n: todo.total })}>
      <Table
        rowKey="faqId"
        size="middle"
        dataSource={todo.rows}
        locale={{
          emptyText: <Empty description={anySubscribed ? t("packs.todo.empty") : t("packs.todo.noPacks")} />,
        }}
        pagination={tablePagination(t, { page: todo.page, pageSize: todo.pageSize, total: todo.total }, { sizes: [20, 50, 100] })}
        onChange={(p) => go({ page: p.current, pageSize: p.pageSize })}
        columns={[
          {
            title: t("packs.todo.question"),
            key: "question",
            render: (_: unknown, r) => <Link to={`/w/${slug}/faqs/${r.faqId}`}>{r.question}</Link>,
          },
          { title: t("packs.col.pack"), dataIndex: "packName", width: 110, render: (v: string) => <Tag color="purple">{v}</Tag> },
          { title: t("faq.col.category"), dataIndex: "categoryName", width: 110, render: (v: string) => <Tag>{v}</Tag> },
          {
            title: t("packs.todo.template"),
            dataIndex: "template",
            render: (v: string) => <TemplateText text={v} />,
          },
          {
            title: t("packs.todo.missing"),
            dataIndex: "missing",
            width: 180,
            render: (v: string[]) =>
              v.length ? (
                v.map((m) => (
                  <Tag key={m} color="gold">
                    {m}
                  </Tag>
                ))
              ) : (
                <Typography.Text type="secondary">{t("packs.todo.writeAnswer")}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
