/** The label-based accuracy of the 对话日志 page: precision of answers, coverage of the unmatched, turns not replayed yet. */
import { type useLoaderData } from "@remix-run/react";
import { Card, Col, Row, Statistic, Typography } from "antd";

import { useT } from "~/i18n";
import type { loader } from "~/routes/w.$slug.logs._index";

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

export function AccuracyCards({ d }: { d: Pick<PageData, "accuracy" | "unreplayed"> }) {
  const t = useT();
  return (
    <Row gutter={16} style={{ marginBottom: 16 }}>
      <Col xs={24} md={8}>
        <Card size="small">
          <Statistic title={t("logs.accuracy.precision")} value={pct(d.accuracy.precision)} />
          <Typography.Text type="secondary">
            {t("logs.accuracy.precisionHelp", { ok: d.accuracy.answeredCorrect, n: d.accuracy.answeredReviewed })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small">
          <Statistic title={t("logs.accuracy.coverage")} value={pct(d.accuracy.coverage)} />
          <Typography.Text type="secondary">
            {t("logs.accuracy.coverageHelp", { ok: d.accuracy.unmatchedCovered, n: d.accuracy.unmatchedLabeled })}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small">
          <Statistic title={t("logs.unreplayed")} value={d.unreplayed} />
          <Typography.Text type="secondary">{t("logs.unreplayedHelp")}</Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}
