import { ReloadOutlined } from "@ant-design/icons";
import { useFetcher } from "@remix-run/react";
import { Button, Progress, Space, Tag, Tooltip, Typography } from "antd";
import { useEffect } from "react";

import { useT } from "~/i18n";
import type { EngineStatus as Status } from "~/models/engine.server";

/**
 * The engine badge: trained or training (with progress), and a retrain button for trainers.
 * `statusKey`: the status fetcher's key, for a page that reads the status too (the simulator's replay waits for it).
 */
export function EngineStatus({ slug, canTrain, statusKey }: { slug: string; canTrain: boolean; statusKey?: string }) {
  const t = useT();
  const status = useFetcher<Status>({ key: statusKey });
  const retrain = useFetcher();
  const s = status.data;
  useEffect(() => {
    if (status.state === "idle" && !s) status.load(`/w/${slug}/engine`);
  }, [slug, status, s]);
  const busy = !s || s.state === "building" || s.state === "empty" || s.stale;
  useEffect(() => {
    if (!busy && retrain.state === "idle") return;
    const id = setTimeout(() => status.load(`/w/${slug}/engine`), 800);
    return () => clearTimeout(id);
  }, [busy, retrain.state, slug, status, s]);
  const pct = s && s.total ? Math.round((s.done / s.total) * 100) : 0;
  return (
    <Space size={8} wrap>
      {!s ? (
        <Tag>{t("bot.engine.loading")}</Tag>
      ) : s.state === "building" ? (
        <Space size={6}>
          <Tag color="processing">{t("bot.engine.building", { phase: s.phase ? t(`bot.engine.phase.${s.phase}`) : "" })}</Tag>
          <Progress percent={pct} size="small" style={{ width: 120, margin: 0 }} aria-label={t("bot.engine.progress")} />
        </Space>
      ) : s.state === "failed" ? (
        <Tooltip title={s.error}>
          <Tag color="error">{t("bot.engine.failed")}</Tag>
        </Tooltip>
      ) : s.state === "empty" ? (
        <Tag>{t("bot.engine.empty")}</Tag>
      ) : (
        <Tooltip
          title={
            s.stats
              ? t("bot.engine.tooltip", { faqs: s.stats.faqs, variants: s.stats.variants, ms: s.stats.trainMs, encoders: s.stats.encoders.join(" + ") })
              : ""
          }
        >
          <Tag color={s.stale ? "warning" : "success"}>{s.stale ? t("bot.engine.stale") : t("bot.engine.ready", { when: t.date(s.builtAt) })}</Tag>
        </Tooltip>
      )}
      {s?.calibration ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("bot.engine.thresholds", { answer: s.calibration.answerThreshold.toFixed(2), clarify: s.calibration.clarifyThreshold.toFixed(2) })}
        </Typography.Text>
      ) : null}
      {canTrain ? (
        <retrain.Form method="post" action={`/w/${slug}/engine`}>
          <Button size="small" icon={<ReloadOutlined />} htmlType="submit" loading={retrain.state !== "idle"} disabled={s?.state === "building"}>
            {t("bot.engine.retrain")}
          </Button>
        </retrain.Form>
      ) : null}
    </Space>
  );
}
