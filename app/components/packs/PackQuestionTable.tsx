import { Card, Empty, Table, Tag, Typography } from "antd";

import { useT } from "~/i18n";

import { TemplateText } from "./TemplateText";

export interface PackQuestionView {
  key: string;
  category: string;
  question: string;
  variants: number;
  sample: string[];
  answerTemplate: string;
}

/** The questions a pack file brings, with a few of their phrasings and the answer template. */
export function PackQuestionTable({ questions }: { questions: PackQuestionView[] }) {
  const t = useT();
  return (
    <Card title={t("packs.questions.title")}>
      <Table
        rowKey="key"
        size="small"
        dataSource={questions}
        pagination={{ pageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (total) => t("common.total", { total: t.num(total) }) }}
        locale={{ emptyText: <Empty /> }}
        columns={[
          {
            title: t("packs.todo.question"),
            key: "question",
            render: (_: unknown, q) => (
              <div>
                <div>{q.question}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {q.sample.join(" / ")}
                </Typography.Text>
              </div>
            ),
          },
          { title: t("faq.col.category"), dataIndex: "category", width: 110, render: (v: string) => <Tag>{v}</Tag> },
          { title: t("packs.stat.variants"), dataIndex: "variants", width: 90 },
          {
            title: t("packs.todo.template"),
            dataIndex: "answerTemplate",
            render: (v: string) => <TemplateText text={v} />,
          },
        ]}
      />
    </Card>
  );
}
