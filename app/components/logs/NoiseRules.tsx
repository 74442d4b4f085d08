/** The shop's own noise rules card of the 对话日志 page. */

import { Form, type useActionData, useNavigation } from "@remix-run/react";
import { Button, Card, Input, Space, Typography } from "antd";

import { useT } from "~/i18n";
import type { action } from "~/routes/w.$slug.logs._index";

/** The shop's own noise rules: platform lines the built-in rules miss, one per line. */
export function NoiseRules({ patterns, result }: { patterns: string[]; result: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT();
  const nav = useNavigation();
  const saving = nav.state === "submitting" && nav.formData?.get("intent") === "noise";
  return (
    <Card size="small" title={t("logs.noiseRules.title")} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t("logs.noiseRules.help")}</Typography.Paragraph>
      <Form method="post">
        <input type="hidden" name="intent" value="noise" />
        <Input.TextArea
          name="patterns"
          aria-label={t("logs.noiseRules.title")}
          defaultValue={patterns.join("\n")}
          autoSize={{ minRows: 2, maxRows: 8 }}
          placeholder={t("logs.noiseRules.placeholder")}
          style={{ marginBottom: 8 }}
        />
        <Space wrap>
          <Button htmlType="submit" loading={saving}>
            {t("logs.noiseRules.save")}
          </Button>
          {result?.stage === "noise" ? (
            <Typography.Text type="success">
              {t("logs.noiseRules.saved", { n: result.count, marked: result.marked, unmarked: result.unmarked })}
            </Typography.Text>
          ) : null}
          {result?.stage === "noiseError" ? <Typography.Text type="danger">{t.error(result.code, result.params)}</Typography.Text> : null}
        </Space>
      </Form>
    </Card>
  );
}
