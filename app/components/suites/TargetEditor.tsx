/**
 * The 外部机器人 editor (issue 11 "Targets"): where the bot is, the request it takes, where in its
 * JSON reply the decision, answer and FAQ are, and its own decision words. 试一下 sends one message
 * with what is typed (saved or not) and shows what the studio reads out of the reply, so a wrong
 * path shows here, not as a whole run of failures.
 */
import { useFetcher } from "@remix-run/react";
import { Alert, Button, Col, Descriptions, Drawer, Form, Input, InputNumber, Row, Space, Typography } from "antd";
import { useEffect, useState } from "react";

import { DecisionTag } from "~/components/bot/DecisionTag";
import { type ErrorParams, useT } from "~/i18n";
import type { TargetForm } from "~/models/suite-targets.server";

import type { TurnActual } from "../../../training/suites/check";
import { TARGET_PATH_FIELDS } from "../../../training/suites/http-target";

type Answer = { ok: boolean; intent?: string; error?: { code: string; params: ErrorParams }; actual?: TurnActual; latencyMs?: number };

export interface EditableTarget {
  id: number | null;
  form: TargetForm;
}

export function TargetEditor({ open, initial, onClose }: { open: boolean; initial: EditableTarget; onClose: () => void }) {
  const t = useT();
  const save = useFetcher<Answer>();
  const probe = useFetcher<Answer>();
  const [f, setF] = useState<TargetForm>(initial.form);
  const [sample, setSample] = useState("什么时候发货");
  useEffect(() => setF(initial.form), [initial]);
  useEffect(() => {
    if (save.state === "idle" && save.data?.ok) onClose();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per answer
  }, [save.state, save.data]);
  const set = (patch: Partial<TargetForm>) => setF((prev) => ({ ...prev, ...patch }));
  const saveError = save.data && !save.data.ok ? save.data.error : null;
  const tried = probe.state === "idle" ? probe.data : undefined;
  const seconds = f.timeout.trim() ? Number(f.timeout) : null;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={800}
      title={initial.id ? t("suites.targets.edit") : t("suites.targets.new")}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button
            type="primary"
            loading={save.state !== "idle"}
            onClick={() => save.submit({ intent: "save", id: String(initial.id ?? ""), target: JSON.stringify(f) }, { method: "post" })}
            data-testid="target-save"
          >
            {t("common.save")}
          </Button>
        </Space>
      }
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        {saveError && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t.error(saveError.code, saveError.params)} />}
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label={t("suites.targets.name")} required>
              <Input aria-label={t("suites.targets.name")} value={f.name} maxLength={40} onChange={(e) => set({ name: e.target.value })} autoFocus />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label={t("suites.run.httpUrl")} required>
              <Input
                aria-label={t("suites.run.httpUrl")}
                placeholder="https://shop.example.com/api/v1/bot/reply"
                value={f.url}
                onChange={(e) => set({ url: e.target.value })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t("suites.run.httpHeaders")} extra={t("suites.targets.headersHelp")}>
          <Input.TextArea
            aria-label={t("suites.run.httpHeaders")}
            autoSize={{ minRows: 2, maxRows: 6 }}
            value={f.headers}
            onChange={(e) => set({ headers: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t("suites.targets.body")} extra={t("suites.targets.bodyHelp")}>
          <Input.TextArea
            aria-label={t("suites.targets.body")}
            autoSize={{ minRows: 2, maxRows: 8 }}
            style={{ fontFamily: "monospace" }}
            value={f.body}
            onChange={(e) => set({ body: e.target.value })}
          />
        </Form.Item>
        <Typography.Text strong>{t("suites.targets.paths")}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t("suites.targets.pathsHelp")}
        </Typography.Paragraph>
        <Row gutter={12}>
          {TARGET_PATH_FIELDS.map((k) => (
            <Col span={8} key={k}>
              <Form.Item label={t(`suites.targets.path.${k}`)} required={k === "decision"}>
                <Input
                  aria-label={t(`suites.targets.path.${k}`)}
                  style={{ fontFamily: "monospace" }}
                  value={f.paths[k]}
                  onChange={(e) => set({ paths: { ...f.paths, [k]: e.target.value } })}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item label={t("suites.targets.decisionMap")} extra={t("suites.targets.decisionMapHelp")}>
              <Input.TextArea
                aria-label={t("suites.targets.decisionMap")}
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={"faq = answer\nhuman = transfer"}
                value={f.decisionMap}
                onChange={(e) => set({ decisionMap: e.target.value })}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t("suites.run.httpTimeout")}>
              <InputNumber
                aria-label={t("suites.run.httpTimeout")}
                min={1}
                max={120}
                value={seconds !== null && Number.isFinite(seconds) ? seconds : null}
                onChange={(v) => set({ timeout: v === null ? "" : String(v) })}
                addonAfter={t("suites.run.seconds")}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text strong>{t("suites.targets.try")}</Typography.Text>
        <Space.Compact style={{ width: "100%", margin: "8px 0 12px" }}>
          <Input aria-label={t("suites.targets.trySample")} value={sample} onChange={(e) => setSample(e.target.value)} maxLength={200} />
          <Button
            loading={probe.state !== "idle"}
            disabled={!sample.trim() || !f.url.trim()}
            onClick={() => probe.submit({ intent: "try", text: sample, target: JSON.stringify(f) }, { method: "post" })}
            data-testid="target-try"
          >
            {t("suites.targets.tryButton")}
          </Button>
        </Space.Compact>
        {tried && !tried.ok && tried.error && (
          <Alert type="error" showIcon message={t.error(tried.error.code, tried.error.params)} data-testid="target-try-error" />
        )}
        {tried?.ok && tried.actual && (
          <Descriptions size="small" bordered column={2} data-testid="target-try-result">
            <Descriptions.Item label={t("suites.targets.path.decision")}>
              <DecisionTag decision={tried.actual.decision} />
            </Descriptions.Item>
            <Descriptions.Item label={t("suites.targets.latency")}>{t("bot.sim.latency", { ms: String(tried.latencyMs ?? 0) })}</Descriptions.Item>
            <Descriptions.Item label={t("suites.targets.path.faq")} span={2}>
              {tried.actual.faq ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("suites.targets.path.answer")} span={2}>
              {tried.actual.reply ?? "—"}
            </Descriptions.Item>
            <Descriptions.Item label={t("suites.targets.path.confidence")}>{tried.actual.confidence}</Descriptions.Item>
            <Descriptions.Item label={t("suites.targets.path.reason")}>{tried.actual.reason ?? "—"}</Descriptions.Item>
            <Descriptions.Item label={t("suites.targets.path.suggestions")} span={2}>
              {tried.actual.suggestions.length ? tried.actual.suggestions.join(" / ") : "—"}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Form>
    </Drawer>
  );
}
