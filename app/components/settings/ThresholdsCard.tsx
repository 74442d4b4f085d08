import { Card, Col, InputNumber, Row, Typography } from "antd";

import { useT } from "~/i18n";
import type { EngineStatus } from "~/models/engine.server";
import type { WorkspaceSettings } from "~/models/settings.server";

import { CalibrationFigures } from "./CalibrationFigures";
import { SettingsField } from "./SettingsField";

/** 回答阈值: overrides of the automatic thresholds, the precision they aim at, and the figures behind them. */
export function ThresholdsCard({
  settings: s,
  bad,
  calibration,
  labelsMin,
}: {
  settings: Pick<WorkspaceSettings, "answerThreshold" | "clarifyThreshold" | "targetPrecision">;
  bad: Set<string>;
  calibration: EngineStatus["calibration"];
  labelsMin: number;
}) {
  const t = useT();
  return (
    <Card title={t("bot.settings.thresholds")} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("bot.settings.thresholdsHelp")}</Typography.Paragraph>
      <Row gutter={16}>
        <Col span={12}>
          <ThresholdField name="answerThreshold" bad={bad} defaultValue={s.answerThreshold} />
        </Col>
        <Col span={12}>
          <ThresholdField name="clarifyThreshold" bad={bad} defaultValue={s.clarifyThreshold} />
        </Col>
      </Row>
      <SettingsField name="targetPrecision" label={t("bot.settings.targetPrecision")} help={t("bot.settings.targetPrecisionHelp")} bad={bad}>
        <InputNumber
          name="targetPrecision"
          min={80}
          max={99}
          step={1}
          defaultValue={Math.round(s.targetPrecision * 100)}
          style={{ width: 160 }}
          aria-label={t("bot.settings.targetPrecision")}
        />
      </SettingsField>
      <CalibrationFigures calibration={calibration} labelsMin={labelsMin} />
    </Card>
  );
}

/** An override of an automatic threshold (empty: calibrated from the knowledge base). */
function ThresholdField({ name, bad, defaultValue }: { name: "answerThreshold" | "clarifyThreshold"; bad: Set<string>; defaultValue: number | null }) {
  const t = useT();
  return (
    <SettingsField name={name} label={t(`bot.settings.${name}`)} help={t("bot.settings.auto")} bad={bad}>
      <InputNumber
        name={name}
        min={0}
        max={1}
        step={0.01}
        defaultValue={defaultValue ?? undefined}
        style={{ width: "100%" }}
        aria-label={t(`bot.settings.${name}`)}
      />
    </SettingsField>
  );
}
