import { Descriptions, Typography } from "antd";

import { useT } from "~/i18n";
import type { EngineStatus } from "~/models/engine.server";

/** The figures behind the automatic thresholds (issue 10): what they were chosen from and what they promise. */
export function CalibrationFigures({ calibration: c, labelsMin }: { calibration: EngineStatus["calibration"]; labelsMin: number }) {
  const t = useT();
  if (!c) return <Typography.Paragraph type="secondary">{t("bot.calibration.notReady")}</Typography.Paragraph>;
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const basis =
    c.source === "override"
      ? t("bot.calibration.override")
      : c.thresholdsFrom === "labels"
        ? t("bot.calibration.fromLabels", { inScope: c.labels.inScope, outOfScope: c.labels.outOfScope, heldOut: c.heldOut })
        : t("bot.calibration.fromHeldOut", { heldOut: c.heldOut });
  return (
    <div data-testid="calibration">
      <Typography.Title level={5}>{t("bot.calibration.title")}</Typography.Title>
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: "source", label: t("bot.calibration.source"), children: basis, span: 2 },
          { key: "answer", label: t("bot.calibration.answer"), children: c.answerThreshold.toFixed(3) },
          { key: "clarify", label: t("bot.calibration.clarify"), children: c.clarifyThreshold.toFixed(3) },
          { key: "hit", label: t("bot.calibration.hitRate"), children: c.estimated ? pct(c.estimated.hitRate) : "—" },
          { key: "precision", label: t("bot.calibration.precision"), children: c.estimated ? pct(c.estimated.answerPrecision) : "—" },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {c.thresholdsFrom === "labels" ? null : `${t("bot.calibration.hint", { min: labelsMin })} `}
        {t("bot.calibration.definition")}
      </Typography.Paragraph>
    </div>
  );
}
