/** The second step of a log upload: map the file's columns, choose the cleaning, start the import. */

import { Form, type useActionData, useNavigation } from "@remix-run/react";
import { Alert, Button, Card, Checkbox, Radio, Select, Space, Table, Typography } from "antd";
import { useState } from "react";

import { useT } from "~/i18n";
import type { action } from "~/routes/w.$slug.logs._index";

export const FIELDS = ["session", "role", "text", "time"] as const;

export type Preview = Extract<NonNullable<ReturnType<typeof useActionData<typeof action>>>, { stage: "preview" }>;

export function MappingStep({ preview }: { preview: Preview }) {
  const t = useT();
  const nav = useNavigation();
  const [mapping, setMapping] = useState<Record<string, string | undefined>>({ ...preview.mapping });
  const tabular = preview.format === "csv" || preview.format === "xlsx";
  const missing = tabular && (!mapping.role || !mapping.text);
  return (
    <Card title={t("logs.preview.title", { file: preview.fileName })} style={{ marginBottom: 16 }}>
      <Typography.Paragraph>
        {t("logs.preview.format", { format: t(`logs.format.${preview.format}`), kb: Math.ceil(preview.size / 1024) })}
      </Typography.Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value="start" />
        <input type="hidden" name="token" value={preview.token} />
        {tabular ? (
          <>
            <Typography.Paragraph type="secondary">{t("logs.preview.mapHelp")}</Typography.Paragraph>
            <Space wrap style={{ marginBottom: 12 }}>
              {FIELDS.map((f) => (
                <span key={f}>
                  <Typography.Text>{t(`logs.field.${f}`)}：</Typography.Text>
                  <Select
                    aria-label={t(`logs.field.${f}`)}
                    style={{ width: 160 }}
                    allowClear={f === "session" || f === "time"}
                    placeholder={t("logs.preview.none")}
                    value={mapping[f]}
                    onChange={(v: string | undefined) => setMapping((m) => ({ ...m, [f]: v }))}
                    options={preview.headers.map((h) => ({ value: h, label: h }))}
                  />
                  <input type="hidden" name={f} value={mapping[f] ?? ""} />
                </span>
              ))}
            </Space>
            {missing ? <Alert type="warning" showIcon title={t("logs.preview.missing")} style={{ marginBottom: 12 }} /> : null}
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              style={{ marginBottom: 12 }}
              dataSource={preview.rows.map((r) => Object.fromEntries(preview.headers.map((h, i) => [h, r[i] ?? ""])))}
              columns={preview.headers.map((h) => ({ title: h, dataIndex: h, ellipsis: true }))}
            />
          </>
        ) : null}
        <Space wrap style={{ marginBottom: 12 }}>
          {/* The hidden "0" comes first: a checked box's "1" follows it and wins. */}
          <input type="hidden" name="split" value="0" />
          <Checkbox name="split" value="1" defaultChecked>
            {t("logs.clean.split")}
          </Checkbox>
          <Typography.Text>{t("logs.clean.emoji")}：</Typography.Text>
          <Radio.Group name="emoji" defaultValue="remove">
            <Radio value="remove">{t("logs.clean.emoji.remove")}</Radio>
            <Radio value="placeholder">{t("logs.clean.emoji.placeholder")}</Radio>
            <Radio value="keep">{t("logs.clean.emoji.keep")}</Radio>
          </Radio.Group>
          <Typography.Text type="secondary">{t("logs.clean.maskAlways")}</Typography.Text>
        </Space>
        <div>
          <Button type="primary" htmlType="submit" disabled={missing} loading={nav.state === "submitting"}>
            {t("logs.preview.start")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
